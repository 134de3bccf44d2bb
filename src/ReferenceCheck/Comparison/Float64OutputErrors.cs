namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// One model output's errors over a series of inputs, each float32 runtime against the float64
/// answer (<see cref="Float64.Float64Interpreter"/>), and ONNX Runtime against TFLite (the figure
/// <see cref="ConversionCheck"/> judges). Each tally's relative error is its max abs error over its
/// reference's range. Not thread-safe.
/// </summary>
public sealed class Float64OutputErrors
{
    /// <summary>Creates empty tallies for the output named <paramref name="name"/>.</summary>
    public Float64OutputErrors(string name, int[] shape)
    {
        Name = name;
        Shape = shape;
        OnnxRuntime = new OutputAgreement(name, shape);
        OnnxRuntimeUnoptimised = new OutputAgreement(name, shape);
        Tflite = new OutputAgreement(name, shape);
        OnnxRuntimeVsTflite = new OutputAgreement(name, shape);
    }

    /// <summary>The output's tensor name.</summary>
    public string Name { get; }

    /// <summary>The output's shape.</summary>
    public int[] Shape { get; }

    /// <summary>ONNX Runtime on the converted model, every graph optimisation on (as the robot runs it), against float64.</summary>
    public OutputAgreement OnnxRuntime { get; }

    /// <summary>ONNX Runtime on the converted model with graph optimisations disabled (each node as the converter wrote it), against float64.</summary>
    public OutputAgreement OnnxRuntimeUnoptimised { get; }

    /// <summary>TFLite's interpreter on the original file against float64 (no samples when TFLite was not run).</summary>
    public OutputAgreement Tflite { get; }

    /// <summary>ONNX Runtime (optimised) against TFLite's interpreter (no samples when TFLite was not run).</summary>
    public OutputAgreement OnnxRuntimeVsTflite { get; }
}
