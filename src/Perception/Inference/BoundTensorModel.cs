using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Inference;

/// <summary>
/// One ONNX Runtime session for a model with one float input and any number of float outputs of
/// fixed shape (such as the converted BlazePose models: NHWC input, several outputs), every tensor
/// allocated once, pinned and bound through an <see cref="OrtIoBinding"/>, so that <see cref="Run"/>
/// allocates no managed memory. The input is bound once on the CPU provider and before every run on
/// a device provider (see <see cref="InputBinder"/>). Sessions open on the providers in the order
/// requested, as <see cref="OnnxPoseModel.OpenSession"/> does.
/// Not thread-safe: one instance per perception thread (batch size 1).
/// </summary>
public sealed class BoundTensorModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly InputBinder _inputBinder;
    private readonly float[] _input;
    private readonly float[][] _outputs;
    private readonly OrtValue[] _outputValues;

    private BoundTensorModel(string path, InferenceSession session, ExecutionProvider provider, string inputName, long[] inputShape,
        string[] outputNames, long[][] outputShapes)
    {
        ModelPath = path;
        _session = session;
        Provider = provider;
        InputName = inputName;
        InputShape = inputShape;
        OutputNames = outputNames;
        OutputShapes = outputShapes;
        _binding = _session.CreateIoBinding();
        _input = GC.AllocateArray<float>(checked((int)Product(inputShape)), pinned: true);
        _outputs = new float[outputNames.Length][];
        _outputValues = new OrtValue[outputNames.Length];
        try
        {
            _inputBinder = new InputBinder(_binding, inputName, _input, inputShape, InputBinder.ModeFor(provider));
            for (int i = 0; i < outputNames.Length; i++)
            {
                _outputs[i] = GC.AllocateArray<float>(checked((int)Product(outputShapes[i])), pinned: true);
                _outputValues[i] = OrtValue.CreateTensorValueFromMemory(_outputs[i], outputShapes[i]);
                _binding.BindOutput(outputNames[i], _outputValues[i]);
            }
        }
        catch
        {
            DisposeNative();
            throw;
        }
    }

    /// <summary>The .onnx file this session runs.</summary>
    public string ModelPath { get; }

    /// <summary>The execution provider that runs the model.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>The input's name in the graph.</summary>
    public string InputName { get; }

    /// <summary>The input's shape, symbolic dimensions fixed to 1.</summary>
    public long[] InputShape { get; }

    /// <summary>The outputs' names, in the graph's order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The outputs' shapes, in the graph's order, symbolic dimensions fixed to 1.</summary>
    public IReadOnlyList<long[]> OutputShapes { get; }

    /// <summary>The input tensor's memory; write it before each <see cref="Run"/>.</summary>
    public Span<float> Input => _input;

    /// <summary>The underlying session, for benchmarks.</summary>
    public InferenceSession Session => _session;

    /// <summary>Output <paramref name="index"/>'s memory (graph order), valid after <see cref="Run"/> until the next run.</summary>
    public ReadOnlySpan<float> Output(int index) => _outputs[index];

    /// <summary>The index of the first output whose shape is <paramref name="shape"/>, or −1.</summary>
    public int FindOutput(ReadOnlySpan<long> shape)
    {
        for (int i = 0; i < OutputShapes.Count; i++)
        {
            if (OutputShapes[i].AsSpan().SequenceEqual(shape))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Runs the model on <see cref="Input"/>. Real-time safe on the managed side: no allocation, no lock.</summary>
    public void Run()
    {
        _inputBinder.BeforeRun();
        _session.RunWithBinding(_runOptions, _binding);
    }

    /// <summary>
    /// Opens <paramref name="path"/> on the first of <paramref name="requested"/> that loads it (CPU the
    /// last resort). The model must have exactly one input; every output is bound.
    /// </summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="name">The model's name in log lines.</param>
    /// <param name="requested">Providers in the order to try.</param>
    /// <param name="logger">Where the provider choice is logged.</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads.</param>
    /// <param name="keepOutput">
    /// Which outputs to compute, by declared shape (symbolic dimensions as 1); the others are cut from
    /// the graph with the nodes only they need (<see cref="OnnxOutputPruning"/>). Null: all of them.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load it, or it has not exactly one input, or a tensor is not float.</exception>
    public static BoundTensorModel Load(string path, string name, IReadOnlyList<ExecutionProvider> requested, ILogger logger, int intraOpThreads = 1,
        Func<long[], bool>? keepOutput = null)
    {
        // The provider logic keys on a card; a card naming the absolute path stands for the bare file.
        var card = new ModelCard { Name = name, ModelFile = Path.GetFullPath(path) };
        byte[]? pruned = keepOutput is not null && File.Exists(path) ? OnnxOutputPruning.KeepOutputs(File.ReadAllBytes(path), keepOutput) : null;
        InferenceSession session = OnnxPoseModel.OpenSession(card, requested, logger, intraOpThreads, out ExecutionProvider chosen, modelBytes: pruned);
        try
        {
            if (session.InputMetadata.Count != 1)
            {
                throw new InvalidDataException($"model {path} has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); one is expected");
            }

            (string inputName, NodeMetadata input) = session.InputMetadata.First();
            RequireFloat(path, inputName, input);
            string[] outputNames = [.. session.OutputNames];
            long[][] outputShapes = new long[outputNames.Length][];
            for (int i = 0; i < outputNames.Length; i++)
            {
                NodeMetadata output = session.OutputMetadata[outputNames[i]];
                RequireFloat(path, outputNames[i], output);
                outputShapes[i] = Resolve(output);
            }

            return new BoundTensorModel(Path.GetFullPath(path), session, chosen, inputName, Resolve(input), outputNames, outputShapes);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static void RequireFloat(string path, string tensor, NodeMetadata metadata)
    {
        if (!metadata.IsTensor || metadata.ElementType != typeof(float))
        {
            throw new InvalidDataException($"model {path}: tensor '{tensor}' is not a float tensor ({metadata.ElementType.Name})");
        }
    }

    private static long[] Resolve(NodeMetadata metadata) => metadata.Dimensions.Select(d => d < 0 ? 1L : d).ToArray();

    private static long Product(long[] shape)
    {
        long product = 1;
        foreach (long d in shape)
        {
            product *= d;
        }

        return product;
    }

    private void DisposeNative()
    {
        _binding.Dispose();
        _inputBinder?.Dispose();
        foreach (OrtValue? value in _outputValues)
        {
            value?.Dispose();
        }

        _runOptions.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeNative();
        _session.Dispose();
    }
}
