using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RobotEdge.Perception.ModelGeneration.Onnx;
using RobotEdge.Perception.ModelImport;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>
/// The four MediaPipe pose models from the pinned npm package convert and run in ONNX Runtime with
/// TFLite's boundary (names, NHWC shapes, output order) and finite outputs.
/// </summary>
public sealed class MediaPipeModelImportTests
{
    public static TheoryData<string, int, string[]> Models => new()
    {
        { MediaPipePoseFiles.Detector, 224, ["1x2254x12", "1x2254x1"] },
        { MediaPipePoseFiles.LandmarkLite, 256, ["1x195", "1x1", "1x256x256x1", "1x64x64x39", "1x117"] },
        { MediaPipePoseFiles.LandmarkFull, 256, ["1x195", "1x1", "1x256x256x1", "1x64x64x39", "1x117"] },
        { MediaPipePoseFiles.LandmarkHeavy, 256, ["1x195", "1x1", "1x256x256x1", "1x64x64x39", "1x117"] },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Converts_and_runs_with_tflites_boundary(string file, int size, string[] outputShapes)
    {
        byte[] onnx = TfliteImporter.Convert(File.ReadAllBytes(NpmDataFiles.File(file, AppContext.BaseDirectory)), out var report);

        var input = Assert.Single(report.Inputs);
        Assert.Equal([1, size, size, 3], input.Shape);
        Assert.Equal(outputShapes, report.Outputs.Select(o => string.Join('x', o.Shape)).ToArray());

        using var session = new InferenceSession(onnx);
        Assert.Equal(input.Name, Assert.Single(session.InputMetadata.Keys));
        Assert.Equal(report.Outputs.Select(o => o.Name).ToArray(), session.OutputMetadata.Keys.ToArray());

        var random = new Random(12);   // fixed seed: the same input on every run
        var pixels = new DenseTensor<float>([1, size, size, 3]);
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels.SetValue(i, (float)random.NextDouble());
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input.Name, pixels)]);
        for (int i = 0; i < report.Outputs.Count; i++)
        {
            var tensor = results[i].AsTensor<float>();
            Assert.Equal(report.Outputs[i].Name, results[i].Name);
            Assert.Equal(report.Outputs[i].Shape, tensor.Dimensions.ToArray());
            foreach (float v in tensor)
            {
                Assert.True(float.IsFinite(v), $"{report.Outputs[i].Name} holds {v}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Transposes_only_at_the_boundary_and_around_reshapes(string file, int size, string[] outputShapes)
    {
        byte[] onnx = TfliteImporter.Convert(File.ReadAllBytes(NpmDataFiles.File(file, AppContext.BaseDirectory)), out var report);
        var graph = ModelProto.Parser.ParseFrom(onnx).Graph;
        var producers = graph.Node.ToDictionary(n => n.Output[0]);
        var inputs = graph.Input.Select(i => i.Name).ToHashSet();
        var outputs = graph.Output.Select(o => o.Name).ToHashSet();

        var transposes = graph.Node.Where(n => n.OpType == "Transpose").ToList();
        Assert.NotEmpty(transposes);   // the NHWC input is transposed once on entry
        foreach (var t in transposes)
        {
            bool fromInput = inputs.Contains(t.Input[0]);
            bool toOutput = outputs.Contains(t.Output[0]);
            bool beforeReshape = graph.Node.Any(n => n.OpType == "Reshape" && n.Input[0] == t.Output[0]);
            bool afterReshape = producers.TryGetValue(t.Input[0], out var p) && p.OpType == "Reshape";
            Assert.True(fromInput || toOutput || beforeReshape || afterReshape, $"{t.Name} transposes {t.Input[0]} between layers");
        }

        Assert.Equal(report.Inputs.Count, transposes.Count(t => inputs.Contains(t.Input[0])));
        Assert.Equal(size, report.Inputs[0].Shape[1]);
        Assert.Equal(outputShapes.Length, graph.Output.Count);
    }
}
