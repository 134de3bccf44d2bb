namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>How far ONNX Runtime's value of one intermediate tensor is from the float64 answer, for one input.</summary>
/// <param name="OperatorIndex">The TFLite operator that computes the tensor (position in execution order).</param>
/// <param name="Operator">That operator's name (CONV_2D …).</param>
/// <param name="Tensor">The TFLite tensor's name.</param>
/// <param name="Shape">TFLite's shape.</param>
/// <param name="MaxAbsError">Largest |ONNX Runtime − float64| over the tensor's elements.</param>
/// <param name="Range">The float64 tensor's largest minus smallest element.</param>
/// <param name="MaxMagnitude">The float64 tensor's largest |element|.</param>
/// <param name="WorstCoordinates">Where <paramref name="MaxAbsError"/> occurs, coordinates in <paramref name="Shape"/>.</param>
public sealed record LayerError(int OperatorIndex, string Operator, string Tensor, int[] Shape, double MaxAbsError, double Range, double MaxMagnitude,
    int[] WorstCoordinates)
{
    /// <summary><see cref="MaxAbsError"/> over <see cref="Range"/> (the absolute error when the tensor is constant).</summary>
    public double RelativeError => Range > 0 ? MaxAbsError / Range : MaxAbsError;

    /// <summary>
    /// <see cref="MaxAbsError"/> in units of float32's spacing at <see cref="MaxMagnitude"/> (2^−23 of
    /// the largest power of two not above it): how many roundings of the tensor's largest values the error amounts to.
    /// </summary>
    public double Float32Ulps => MaxMagnitude > 0 ? MaxAbsError / (Math.Pow(2, Math.Floor(Math.Log2(MaxMagnitude))) * Math.Pow(2, -23)) : 0;
}
