using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration.Onnx;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>
/// The landmark model without its segmentation head: the pipeline's four outputs are what the whole
/// model computes, the mask and the nodes only it needed are gone.
/// </summary>
public class LandmarkOutputPruningTests
{
    [Fact]
    public void ThePrunedLiteModelComputesTheSameFourOutputsWithFewerNodes()
    {
        string path = BlazePoseTestData.Card("lite").ModelPath;
        Assert.True(File.Exists(path), $"{path} is missing: it is converted on first use (run the BlazePose pipeline tests or robotedge model import)");
        byte[] original = File.ReadAllBytes(path);
        byte[]? pruned = OnnxOutputPruning.KeepOutputs(original, BlazePoseEstimator.IsLandmarkOutputRead);
        Assert.NotNull(pruned);
        int nodesBefore = ModelProto.Parser.ParseFrom(original).Graph.Node.Count;
        int nodesAfter = ModelProto.Parser.ParseFrom(pruned).Graph.Node.Count;
        Assert.True(nodesAfter < nodesBefore, $"{nodesAfter} nodes left of {nodesBefore}");

        using BoundTensorModel whole = BoundTensorModel.Load(path, "lite", [ExecutionProvider.Cpu], NullLogger.Instance);
        using BoundTensorModel cut = BoundTensorModel.Load(path, "lite", [ExecutionProvider.Cpu], NullLogger.Instance, keepOutput: BlazePoseEstimator.IsLandmarkOutputRead);
        Assert.Equal(5, whole.OutputShapes.Count);
        Assert.Equal(4, cut.OutputShapes.Count);
        Assert.Equal(-1, cut.FindOutput([1, 256, 256, 1]));

        var random = new Random(3); // fixed seed: the same input on every run
        for (int i = 0; i < whole.Input.Length; i++)
        {
            whole.Input[i] = random.NextSingle();
        }

        whole.Input.CopyTo(cut.Input);
        whole.Run();
        cut.Run();
        for (int o = 0; o < cut.OutputShapes.Count; o++)
        {
            ReadOnlySpan<float> expected = whole.Output(whole.FindOutput(cut.OutputShapes[o]));
            ReadOnlySpan<float> actual = cut.Output(o);
            Assert.Equal(expected.Length, actual.Length);
            float worst = 0;
            for (int k = 0; k < expected.Length; k++)
            {
                worst = MathF.Max(worst, MathF.Abs(expected[k] - actual[k]));
            }

            Assert.True(worst <= 1e-5f, $"output [{string.Join(",", cut.OutputShapes[o])}] differs by {worst:G3} from the whole model's");
        }
    }

    [Fact]
    public void AnOutputTheModelDoesNotHaveIsRefusedByName()
    {
        string path = BlazePoseTestData.Card("lite").ModelPath;
        var e = Assert.Throws<InvalidDataException>(() => OnnxOutputPruning.KeepOutputs(File.ReadAllBytes(path), ["no_such_output"]));
        Assert.Contains("no_such_output", e.Message);
    }
}
