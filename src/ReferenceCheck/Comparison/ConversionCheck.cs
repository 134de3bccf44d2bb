using RobotEdge.Perception.ModelImport;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.NpmData;
using RobotEdge.ReferenceCheck.Onnx;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// The converter's proof for one MediaPipe model: converts its TFLite file with
/// <see cref="TfliteImporter"/> (in memory), runs the result in ONNX Runtime and the original in
/// TFLite's interpreter on the same inputs (<see cref="ReferenceInputFactory.Create"/>), and tallies
/// every output's error.
/// </summary>
public static class ConversionCheck
{
    /// <summary>The target: max abs error per output ≤ 1e-4 of the output's range.</summary>
    public const double RelativeErrorTarget = 1e-4;

    /// <summary>Checks <paramref name="model"/> on <paramref name="inputCount"/> inputs (seeded from <paramref name="seed"/>).</summary>
    public static async Task<ModelAgreement> RunAsync(TfliteReference tflite, MediaPipeModel model, int inputCount,
        int seed = 1000, int intraOpThreads = 1, Action<ReferenceInput>? progress = null)
    {
        string path = ReferenceNpmData.File(model.NpmFile);
        byte[] onnx = TfliteImporter.Convert(await File.ReadAllBytesAsync(path), out _);
        using var runner = new OnnxModelRunner(onnx, $"{model.Name} (converted from {Path.GetFileName(path)})", intraOpThreads);
        TfliteReferenceModel original = await tflite.LoadAsync(path);
        int[] shape = original.Inputs[0].Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[3] != 3)
        {
            throw new InvalidDataException($"{path}: input {original.Inputs[0]} is not one NHWC RGB image");
        }

        IReadOnlyList<ReferenceInput> inputs = ReferenceInputFactory.Create(shape[1], shape[2], model.Pixels, inputCount, seed);
        return await ModelComparison.CompareAsync(original, runner, inputs, progress);
    }
}
