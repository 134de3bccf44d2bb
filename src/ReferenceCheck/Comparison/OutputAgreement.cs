namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// How far one model output of ours strays from the reference's over a series of inputs: the
/// largest absolute difference of any element, and the reference's value range (largest minus
/// smallest element seen over all inputs) that the difference is judged against. Add every input's
/// pair of tensors with <see cref="Add"/>; not thread-safe.
/// </summary>
public sealed class OutputAgreement
{
    /// <summary>Creates an empty tally for the output named <paramref name="name"/>.</summary>
    public OutputAgreement(string name, int[] shape)
    {
        Name = name;
        Shape = shape;
    }

    /// <summary>The output's tensor name.</summary>
    public string Name { get; }

    /// <summary>The output's shape.</summary>
    public int[] Shape { get; }

    /// <summary>Number of inputs compared.</summary>
    public int Samples { get; private set; }

    /// <summary>Largest |ours − reference| over every element of every sample; +∞ once a NaN/∞ disagrees.</summary>
    public double MaxAbsError { get; private set; }

    /// <summary>The label of the sample with the largest error ("" before the first).</summary>
    public string WorstSample { get; private set; } = "";

    /// <summary>Row-major index of the element with the largest error in <see cref="WorstSample"/>.</summary>
    public int WorstElement { get; private set; }

    /// <summary>The reference's value at <see cref="WorstElement"/> of <see cref="WorstSample"/>.</summary>
    public double WorstReferenceValue { get; private set; }

    /// <summary><see cref="WorstElement"/> as coordinates in <see cref="Shape"/>, e.g. [0,255,3,0].</summary>
    public int[] WorstCoordinates
    {
        get
        {
            var coordinates = new int[Shape.Length];
            int rest = WorstElement;
            for (int axis = Shape.Length - 1; axis >= 0; axis--)
            {
                coordinates[axis] = Shape[axis] == 0 ? 0 : rest % Shape[axis];
                rest = Shape[axis] == 0 ? 0 : rest / Shape[axis];
            }

            return coordinates;
        }
    }

    /// <summary>Mean |ours − reference| over every element of every sample.</summary>
    public double MeanAbsError => _elements == 0 ? 0 : _sumAbsError / _elements;

    /// <summary>Smallest reference element seen (+∞ before the first sample).</summary>
    public double ReferenceMin { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest reference element seen (−∞ before the first sample).</summary>
    public double ReferenceMax { get; private set; } = double.NegativeInfinity;

    /// <summary>The reference's range, <see cref="ReferenceMax"/> − <see cref="ReferenceMin"/> (0 before the first sample).</summary>
    public double ReferenceRange => Samples == 0 ? 0 : ReferenceMax - ReferenceMin;

    /// <summary>
    /// <see cref="MaxAbsError"/> relative to <see cref="ReferenceRange"/>: the figure the issue's
    /// 1e-4 target applies to. An output whose reference is constant is judged by its absolute error
    /// against 1 (relative to a range of 0 would divide by zero).
    /// </summary>
    public double RelativeError => ReferenceRange > 0 ? MaxAbsError / ReferenceRange : MaxAbsError;

    private double _sumAbsError;
    private long _elements;

    /// <summary>Adds one input's pair of outputs; <paramref name="label"/> names the input in <see cref="WorstSample"/>.</summary>
    /// <exception cref="ArgumentException">The two have different lengths.</exception>
    public void Add(ReadOnlySpan<float> ours, ReadOnlySpan<float> reference, string label = "") => AddCore(ours, reference, label);

    /// <summary>Adds one input's pair of outputs against a float64 reference (<see cref="Float64.Float64Interpreter"/>).</summary>
    /// <exception cref="ArgumentException">The two have different lengths.</exception>
    public void Add(ReadOnlySpan<float> ours, ReadOnlySpan<double> reference, string label = "") => AddCore(ours, reference, label);

    private void AddCore<T>(ReadOnlySpan<float> ours, ReadOnlySpan<T> reference, string label)
        where T : System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int worstElement = -1;
        if (ours.Length != reference.Length)
        {
            throw new ArgumentException($"output {Name}: {ours.Length} values of ours against {reference.Length} of the reference");
        }

        for (int i = 0; i < ours.Length; i++)
        {
            double expected = double.CreateTruncating(reference[i]);
            double actual = ours[i];
            if (double.IsFinite(expected))
            {
                ReferenceMin = Math.Min(ReferenceMin, expected);
                ReferenceMax = Math.Max(ReferenceMax, expected);
            }

            double error = Math.Abs(actual - expected);
            if (!double.IsFinite(error))
            {
                // Both NaN, or the same infinity, agree; anything else is an unbounded error.
                bool same = (double.IsNaN(actual) && double.IsNaN(expected)) || actual.Equals(expected);
                error = same ? 0 : double.PositiveInfinity;
            }

            if (error > MaxAbsError)
            {
                MaxAbsError = error;
                worstElement = i;
            }

            _sumAbsError += error;
        }

        if (Samples == 0 || worstElement >= 0)
        {
            WorstSample = label;
            WorstElement = Math.Max(0, worstElement);
            WorstReferenceValue = reference.Length == 0 ? 0 : double.CreateTruncating(reference[WorstElement]);
        }

        _elements += ours.Length;
        Samples++;
    }
}
