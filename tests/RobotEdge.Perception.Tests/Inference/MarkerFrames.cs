using Microsoft.ML.OnnxRuntime;

namespace RobotEdge.Perception.Tests.Inference;

/// <summary>Input tensors for the marker model (NCHW, 0..1) and its ground truth: a fresh, unbound run.</summary>
internal static class MarkerFrames
{
    /// <summary>Mid grey with an 8x8 patch of colour (r, g, b) whose top-left tensor pixel is (x, y).</summary>
    public static void Write(Span<float> tensor, int size, int x, int y, float r, float g, float b)
    {
        tensor.Fill(0.5f);
        int plane = size * size;
        for (int row = y; row < y + 8; row++)
        {
            for (int column = x; column < x + 8; column++)
            {
                tensor[row * size + column] = r;
                tensor[plane + row * size + column] = g;
                tensor[2 * plane + row * size + column] = b;
            }
        }
    }

    /// <summary>What a plain <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> on the CPU provider returns for <paramref name="input"/>.</summary>
    public static float[] UnboundRun(string modelPath, string inputName, string outputName, float[] input, long[] inputShape)
    {
        using var session = new InferenceSession(modelPath);
        using var runOptions = new RunOptions();
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, inputShape);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [inputName], [value], [outputName]);
        return outputs.First().GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Largest absolute difference between two tensors of equal length.</summary>
    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
