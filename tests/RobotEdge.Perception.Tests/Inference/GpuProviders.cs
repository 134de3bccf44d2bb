using Microsoft.ML.OnnxRuntime;

namespace RobotEdge.Perception.Tests.Inference;

/// <summary>
/// Whether ONNX Runtime opens a session on CUDA, or on TensorRT, on this machine: asked of ONNX
/// Runtime directly (the provider appended, the marker model opened), not of the code under test,
/// so a test can assert what must happen on either kind of machine. The NuGet GPU build lists both
/// providers everywhere; they open only where the CUDA (and TensorRT) libraries and a device are.
/// </summary>
internal static class GpuProviders
{
    private static readonly Lazy<bool> Cuda = new(() => Opens(static options => options.AppendExecutionProvider_CUDA()));

    private static readonly Lazy<bool> TensorRt = new(() => Opens(static options =>
    {
        options.AppendExecutionProvider_Tensorrt();
        options.AppendExecutionProvider_CUDA();
    }));

    public static bool CudaOpens => Cuda.Value;

    public static bool TensorRtOpens => TensorRt.Value;

    private static bool Opens(Action<SessionOptions> appendProvider)
    {
        using var options = new SessionOptions();
        try
        {
            appendProvider(options);
            using var session = new InferenceSession(TestModels.MarkerCard.ModelPath, options);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    }
}
