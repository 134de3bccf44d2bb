using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RobotEdge.Perception.ModelImport;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>Converts a test TFLite file and runs the ONNX result once in ONNX Runtime (CPU).</summary>
internal static class ImportedModel
{
    /// <summary>Each output's data and shape, in the model's output order; inputs in the model's input order.</summary>
    public static (float[] Data, int[] Shape)[] Run(byte[] tflite, params float[][] inputs)
    {
        byte[] onnx = TfliteImporter.Convert(tflite, out var report);
        using var session = new InferenceSession(onnx);
        var feeds = new List<NamedOnnxValue>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var boundary = report.Inputs[i];
            feeds.Add(NamedOnnxValue.CreateFromTensor(boundary.Name, new DenseTensor<float>(inputs[i], boundary.Shape.ToArray())));
        }

        using var results = session.Run(feeds);
        var outputs = new (float[], int[])[results.Count];
        for (int i = 0; i < results.Count; i++)
        {
            var tensor = results[i].AsTensor<float>();
            Assert.Equal(report.Outputs[i].Name, results[i].Name);
            Assert.Equal(report.Outputs[i].Shape, tensor.Dimensions.ToArray());
            outputs[i] = (tensor.ToArray(), tensor.Dimensions.ToArray());
        }

        return outputs;
    }

    /// <summary>Deterministic values in [−1, 1) from a fixed seed (fixed so a failure reproduces).</summary>
    public static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    /// <summary>Asserts element-wise agreement within <paramref name="tolerance"/>, naming the first index that differs.</summary>
    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
