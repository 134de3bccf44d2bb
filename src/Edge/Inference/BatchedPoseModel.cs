using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;

namespace RobotEdge.Edge.Inference;

/// <summary>
/// The server's pose model, run in batches of 1..<see cref="MaxBatch"/> through ONNX Runtime (the
/// model's batch dimension is symbolic). One pinned input and one pinned output buffer hold
/// <see cref="MaxBatch"/> items; for every batch size an <see cref="OrtIoBinding"/> binds tensors
/// of shape [b, …] over the first b items of those buffers, so a run of any size allocates no
/// managed memory. On the CPU provider those bindings are the buffers and a run copies nothing
/// (<see cref="InputBindingMode.BoundOnce"/>); on a device provider, which copies a bound CPU input
/// at bind time, the batch's input is bound again before its run
/// (<see cref="InputBindingMode.RebindEachRun"/>), and ONNX Runtime copies the outputs back into the
/// pinned output buffer at the end of every run. Used by the executor thread only.
/// </summary>
public sealed class BatchedPoseModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly InputBinder[] _inputBinders;
    private readonly OrtValue[] _outputValues;
    private readonly OrtIoBinding[] _bindings;

    private BatchedPoseModel(ModelCard card, InferenceSession session, ExecutionProvider provider, InputBindingMode bindingMode, long[] itemInputShape,
        long[] itemOutputShape, int maxBatch)
    {
        Card = card;
        _session = session;
        Provider = provider;
        InputBindingMode = bindingMode;
        MaxBatch = maxBatch;
        ItemOutputShape = itemOutputShape;
        InputItemLength = checked((int)Product(itemInputShape));
        OutputItemLength = checked((int)Product(itemOutputShape));
        _input = GC.AllocateArray<float>(InputItemLength * maxBatch, pinned: true);
        _output = GC.AllocateArray<float>(OutputItemLength * maxBatch, pinned: true);
        _inputBinders = new InputBinder[maxBatch + 1];
        _outputValues = new OrtValue[maxBatch + 1];
        _bindings = new OrtIoBinding[maxBatch + 1];
        for (int b = 1; b <= maxBatch; b++)
        {
            long[] inShape = (long[])itemInputShape.Clone();
            long[] outShape = (long[])itemOutputShape.Clone();
            inShape[0] = b;
            outShape[0] = b;
            _outputValues[b] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, OutputItemLength * b), outShape);
            _bindings[b] = session.CreateIoBinding();
            _inputBinders[b] = new InputBinder(_bindings[b], card.Input.Name, _input, inShape, bindingMode);
            _bindings[b].BindOutput(card.Output.Name, _outputValues[b]);
        }
    }

    /// <summary>The card the model was loaded from.</summary>
    public ModelCard Card { get; }

    /// <summary>The execution provider that runs it.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>How the batch input is bound: once on the CPU provider, before every run on a device provider.</summary>
    public InputBindingMode InputBindingMode { get; }

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; }

    /// <summary>Floats in one item's input tensor (3 × H × W).</summary>
    public int InputItemLength { get; }

    /// <summary>Floats in one item's output (K × H/stride × W/stride).</summary>
    public int OutputItemLength { get; }

    /// <summary>One item's output shape, [1, K, Hh, Wh] (what a heatmap decoder takes).</summary>
    public long[] ItemOutputShape { get; }

    /// <summary>Item <paramref name="index"/>'s input tensor, written before <see cref="Run"/>.</summary>
    public Span<float> InputSlot(int index) => _input.AsSpan(index * InputItemLength, InputItemLength);

    /// <summary>Item <paramref name="index"/>'s output, valid after <see cref="Run"/> until the next run.</summary>
    public ReadOnlySpan<float> OutputSlot(int index) => _output.AsSpan(index * OutputItemLength, OutputItemLength);

    /// <summary>
    /// Runs the first <paramref name="batchSize"/> items (rebinding their input first in
    /// <see cref="InputBindingMode.RebindEachRun"/>). Real-time safe on the managed side: no allocation.
    /// </summary>
    public void Run(int batchSize)
    {
        _inputBinders[batchSize].BeforeRun();
        _session.RunWithBinding(_runOptions, _bindings[batchSize]);
    }

    /// <summary>
    /// Loads the model a card describes for batches up to <paramref name="maxBatch"/>. The input
    /// binding mode follows the chosen provider unless <paramref name="bindingMode"/> names one
    /// (see <see cref="OnnxPoseModel.ChooseBindingMode"/>).
    /// </summary>
    public static BatchedPoseModel Load(ModelCard card, IReadOnlyList<ExecutionProvider> providers, ILogger logger, int maxBatch, int intraOpThreads,
        InputBindingMode? bindingMode = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        InferenceSession session = OnnxPoseModel.OpenSession(card, providers, logger, intraOpThreads, out ExecutionProvider chosen);
        try
        {
            if (!session.InputMetadata.TryGetValue(card.Input.Name, out NodeMetadata? input) || input.Dimensions.Length == 0 || input.Dimensions[0] > 0)
            {
                throw new InvalidDataException($"model {card.ModelPath} has no input '{card.Input.Name}' with a symbolic batch dimension; the edge server batches across robots");
            }

            long[] inputShape = OnnxPoseModel.ResolveShape(session.InputMetadata, card.Input.Name, card, "input");
            long[] outputShape = OnnxPoseModel.ResolveShape(session.OutputMetadata, card.Output.Name, card, "output");
            return new BatchedPoseModel(card, session, chosen, OnnxPoseModel.ChooseBindingMode(chosen, bindingMode), inputShape, outputShape, maxBatch);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static long Product(long[] shape)
    {
        long product = 1;
        foreach (long d in shape)
        {
            product *= d;
        }

        return product;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (int b = 1; b <= MaxBatch; b++)
        {
            _bindings[b].Dispose();
            _inputBinders[b].Dispose();
            _outputValues[b].Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }
}
