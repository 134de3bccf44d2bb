using Microsoft.ML.OnnxRuntime;
using RobotEdge.Perception.ModelImport;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The real <c>robotedge model import-tflite</c> process: converts MediaPipe's lite landmark model
/// into a file ONNX Runtime loads with TFLite's boundary, and refuses a file that is not a TFLite
/// model with one line and exit code 2.
/// </summary>
public sealed class ImportTfliteCliTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-import-tflite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Converts_the_lite_landmark_model_into_an_onnx_file_with_tflites_outputs()
    {
        string source = NpmDataFiles.File(MediaPipePoseFiles.LandmarkLite, AppContext.BaseDirectory);
        string target = Path.Combine(_folder, "models", "pose_landmark_lite.onnx");

        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), "model", "import-tflite", source, "--out", target);

        Assert.True(process.WaitForExit(ExitTimeout), $"import-tflite did not exit within {ExitTimeout.TotalSeconds} s: {process.Output}");
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("305 TFLite operators", process.Output, StringComparison.Ordinal);
        Assert.Contains("output Identity_3 [1x64x64x39]", process.Output, StringComparison.Ordinal);
        using var session = new InferenceSession(target);
        Assert.Equal(["Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4"], session.OutputMetadata.Keys.ToArray());
        Assert.Equal([1, 256, 256, 3], session.InputMetadata["input_1"].Dimensions);
        Assert.Equal([target], Directory.GetFiles(Path.GetDirectoryName(target)!));   // no temporary file left beside it
    }

    [Fact]
    public void A_file_that_is_not_tflite_is_refused_with_one_line_and_exit_code_2()
    {
        string source = Path.Combine(_folder, "notes.tflite");
        File.WriteAllText(source, "these are not weights");
        string target = Path.Combine(_folder, "out.onnx");

        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), "model", "import-tflite", source, "--out", target);

        Assert.True(process.WaitForExit(ExitTimeout), $"import-tflite did not exit within {ExitTimeout.TotalSeconds} s: {process.Output}");
        Assert.Equal(2, process.ExitCode);
        string line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(source, line, StringComparison.Ordinal);
        Assert.Contains("TFL3", line, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }
}
