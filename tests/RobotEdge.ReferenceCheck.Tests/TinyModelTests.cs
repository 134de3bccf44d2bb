using RobotEdge.Perception.ModelImport;
using RobotEdge.ReferenceCheck.Comparison;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.Onnx;
using RobotEdge.ReferenceCheck.Tensors;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Tests;

/// <summary>
/// The harness end to end on <see cref="TinyTfliteModel"/>, whose outputs are computed by hand:
/// TFLite's interpreter gives them, the converter's ONNX model in ONNX Runtime gives them, and the
/// comparison reports the (tiny) difference.
/// </summary>
public sealed class TinyModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"robotedge-reference-{Guid.NewGuid():N}");
    private readonly string _tflite;

    public TinyModelTests()
    {
        Directory.CreateDirectory(_folder);
        _tflite = Path.Combine(_folder, "tiny.tflite");
        File.WriteAllBytes(_tflite, TinyTfliteModel.Build());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TfliteAndTheConvertedModelBothGiveTheHandComputedOutputs()
    {
        float[] x = ReferenceInputFactory.Noise(2, 2, new PixelRange(-3f, 3f), seed: 11).Values;
        (float[] s, float[] y) = TinyTfliteModel.Expected(x);

        await using TfliteReference tflite = await TfliteReference.StartAsync();
        TfliteReferenceModel original = await tflite.LoadAsync(_tflite);
        Assert.Equal(["x"], original.Inputs.Select(i => i.Name));
        Assert.Equal(["s", "y"], original.Outputs.Select(o => o.Name));
        NamedTensor[] reference = await original.RunAsync([x]);
        AssertClose(s, reference[0].Values, 1e-6f, "TFLite s");
        AssertClose(y, reference[1].Values, 1e-5f, "TFLite y");

        using var onnx = new OnnxModelRunner(TfliteImporter.Convert(File.ReadAllBytes(_tflite), out _), "tiny (converted)");
        NamedTensor[] ours = onnx.Run([x]);
        AssertClose(s, ours[0].Values, 1e-6f, "ONNX s");
        AssertClose(y, ours[1].Values, 1e-5f, "ONNX y");

        ModelAgreement agreement = await ModelComparison.CompareAsync(original, onnx,
            [new ReferenceInput("noise", x, IsRealFrame: false), ReferenceInputFactory.Noise(2, 2, new PixelRange(-3f, 3f), seed: 12)]);
        Assert.All(agreement.All, a => Assert.Equal(2, a.Samples));
        Assert.All(agreement.RealFrames, a => Assert.Equal(0, a.Samples));
        Assert.All(agreement.All, a => Assert.True(a.RelativeError <= ConversionCheck.RelativeErrorTarget, $"{a.Name}: {a.RelativeError}"));
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
