using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using RobotEdge.Edge.Inference;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;

namespace RobotEdge.Edge.Tests.Inference;

/// <summary>
/// The edge server's batched model as the executor runs it (<see cref="BatchedPoseModel.Run"/>):
/// consecutive batches of different frames and sizes give each item the output a fresh, unbound
/// single-item run gives, in the mode the active provider picks and in both modes forced on the CPU
/// provider; and a run allocates nothing.
/// </summary>
public class BatchedPoseModelBindingTests
{
    private const int Size = 256;
    private const int Keypoints = 4;

    private static readonly Lazy<ModelCard> Card = new(() =>
        MarkerPoseModelGenerator.Generate(Path.Combine(AppContext.BaseDirectory, "generated-models", "batched_marker_pose"), "marker_pose"));

    /// <summary>Requested providers, and the binding mode forced (null: the one the chosen provider needs).</summary>
    public static TheoryData<ExecutionProvider[], InputBindingMode?> Cases => new()
    {
        { [ExecutionProvider.Cuda, ExecutionProvider.Cpu], null },
        { [ExecutionProvider.Cpu], InputBindingMode.BoundOnce },
        { [ExecutionProvider.Cpu], InputBindingMode.RebindEachRun },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryItemOfEveryBatchEqualsAnUnboundRunOfItsFrame(ExecutionProvider[] providers, InputBindingMode? mode)
    {
        using var model = BatchedPoseModel.Load(Card.Value, providers, NullLogger.Instance, maxBatch: 3, intraOpThreads: 1, bindingMode: mode);
        Assert.Equal(mode ?? InputBinder.ModeFor(model.Provider), model.InputBindingMode);
        float[][] frames =
        [
            Frame(100, 60, 1f, 0f, 0f),
            Frame(30, 180, 0f, 0f, 1f),
            Frame(200, 20, 0f, 1f, 0f),
        ];
        float[][] truth = [.. frames.Select(UnboundRun)];
        Assert.True(MaxAbsDifference(truth[0], truth[1]) > 0.9f);
        Assert.True(MaxAbsDifference(truth[1], truth[2]) > 0.9f);

        // Batches as a scheduler forms them: sizes change, and a size comes back with new frames.
        int[][] batches = [[0, 1], [2, 0], [1], [1, 2, 0], [0, 2]];
        foreach (int[] batch in batches)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                frames[batch[i]].CopyTo(model.InputSlot(i));
            }

            model.Run(batch.Length);

            for (int i = 0; i < batch.Length; i++)
            {
                Assert.InRange(MaxAbsDifference(model.OutputSlot(i), truth[batch[i]]), 0f, 1e-4f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunAllocatesNothingInSteadyState(ExecutionProvider[] providers, InputBindingMode? mode)
    {
        using var model = BatchedPoseModel.Load(Card.Value, providers, NullLogger.Instance, maxBatch: 3, intraOpThreads: 1, bindingMode: mode);
        for (int b = 1; b <= 3; b++)
        {
            model.Run(b);
        }

        const int runs = 150;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < runs; r++)
        {
            int batch = 1 + r % 3;
            model.InputSlot(batch - 1)[r] = 1f;
            model.Run(batch);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    /// <summary>Mid grey with an 8x8 patch of colour (r, g, b) whose top-left tensor pixel is (x, y); NCHW, 0..1.</summary>
    private static float[] Frame(int x, int y, float r, float g, float b)
    {
        var tensor = new float[3 * Size * Size];
        Array.Fill(tensor, 0.5f);
        const int plane = Size * Size;
        for (int row = y; row < y + 8; row++)
        {
            for (int column = x; column < x + 8; column++)
            {
                tensor[row * Size + column] = r;
                tensor[plane + row * Size + column] = g;
                tensor[2 * plane + row * Size + column] = b;
            }
        }

        return tensor;
    }

    /// <summary>The ground truth: a plain run of one item on the CPU provider, no binding.</summary>
    private static float[] UnboundRun(float[] frame)
    {
        using var session = new InferenceSession(Card.Value.ModelPath);
        using var runOptions = new RunOptions();
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(frame, [1, 3, Size, Size]);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [Card.Value.Input.Name], [value], [Card.Value.Output.Name]);
        float[] output = outputs.First().GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(Keypoints * (Size / 2) * (Size / 2), output.Length);
        return output;
    }

    private static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
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
