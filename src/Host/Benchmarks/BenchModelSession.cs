using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RobotEdge.Perception.Inference;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// Any float32 ONNX model in one ONNX Runtime session with every input and output bound once to a
/// pinned buffer (<see cref="OrtIoBinding"/>), as the loop runs its models: a run allocates no
/// managed memory. Inputs are bound through <see cref="InputBinder"/>, again before each run on a
/// device provider (which copies a bound CPU input at bind time). Dynamic dimensions are taken as 1.
/// For benchmarks; one thread.
/// </summary>
public sealed class BenchModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly InputBinder[] _inputs;
    private readonly OrtValue[] _outputs;

    private BenchModelSession(InferenceSession session, ExecutionProvider provider)
    {
        _session = session;
        Provider = provider;
        _binding = session.CreateIoBinding();
        var inputs = new List<InputBinder>();
        var outputs = new List<OrtValue>();
        var buffers = new List<float[]>();
        try
        {
            foreach ((string name, NodeMetadata meta) in session.InputMetadata)
            {
                long[] shape = ShapeOf(name, meta);
                float[] buffer = GC.AllocateArray<float>(checked((int)Elements(shape)), pinned: true);
                buffers.Add(buffer);
                inputs.Add(new InputBinder(_binding, name, buffer, shape, InputBinder.ModeFor(provider)));
            }

            foreach ((string name, NodeMetadata meta) in session.OutputMetadata)
            {
                long[] shape = ShapeOf(name, meta);
                float[] buffer = GC.AllocateArray<float>(checked((int)Elements(shape)), pinned: true);
                OrtValue value = OrtValue.CreateTensorValueFromMemory(buffer, shape);
                outputs.Add(value);
                _binding.BindOutput(name, value);
            }
        }
        catch
        {
            inputs.ForEach(i => i.Dispose());
            outputs.ForEach(o => o.Dispose());
            _binding.Dispose();
            throw;
        }

        _inputs = [.. inputs];
        _outputs = [.. outputs];
        InputBuffers = buffers;
    }

    /// <summary>The provider the session runs on.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>The inputs' buffers, in the model's input order; written before <see cref="Run"/>.</summary>
    public IReadOnlyList<float[]> InputBuffers { get; }

    /// <summary>
    /// Opens <paramref name="onnxPath"/> on <paramref name="provider"/> with the loop's session options
    /// (<see cref="OnnxPoseModel.CreateOptions"/>) and <paramref name="intraOpThreads"/> threads.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime refuses the model, or an input or output is not float32.</exception>
    /// <exception cref="NotSupportedException">The device provider is not available here (no CUDA device, or libraries missing), with ONNX Runtime's reason.</exception>
    public static BenchModelSession Open(string onnxPath, ExecutionProvider provider, int intraOpThreads)
    {
        if (!File.Exists(onnxPath))
        {
            throw new FileNotFoundException($"model {onnxPath} does not exist", onnxPath);
        }

        using SessionOptions options = OnnxPoseModel.CreateOptions(intraOpThreads);
        if (provider != ExecutionProvider.Cpu)
        {
            string name = provider == ExecutionProvider.Cuda ? "CUDAExecutionProvider" : "TensorrtExecutionProvider";
            if (!OrtEnv.Instance().GetAvailableProviders().Contains(name))
            {
                throw new NotSupportedException($"{name} is not in this ONNX Runtime build");
            }

            try
            {
                if (provider == ExecutionProvider.TensorRt)
                {
                    options.AppendExecutionProvider_Tensorrt();
                }

                options.AppendExecutionProvider_CUDA();
            }
            catch (OnnxRuntimeException e)
            {
                throw new NotSupportedException(e.Message, e);
            }
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(onnxPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw provider == ExecutionProvider.Cpu
                ? new InvalidDataException($"ONNX Runtime could not load {onnxPath}: {e.Message}", e)
                : new NotSupportedException(e.Message, e);
        }

        try
        {
            return new BenchModelSession(session, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model once on the input buffers. Allocation-free.</summary>
    public void Run()
    {
        foreach (InputBinder input in _inputs)
        {
            input.BeforeRun();
        }

        _session.RunWithBinding(_runOptions, _binding);
    }

    private static long[] ShapeOf(string name, NodeMetadata meta)
    {
        if (meta.ElementDataType != TensorElementType.Float)
        {
            throw new InvalidDataException($"tensor '{name}' is {meta.ElementDataType}; the benchmark binds float32 tensors only");
        }

        return Array.ConvertAll(meta.Dimensions, d => d > 0 ? (long)d : 1L);
    }

    private static long Elements(long[] shape)
    {
        long n = 1;
        foreach (long d in shape)
        {
            n *= d;
        }

        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (InputBinder input in _inputs)
        {
            input.Dispose();
        }

        foreach (OrtValue output in _outputs)
        {
            output.Dispose();
        }

        _binding.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
