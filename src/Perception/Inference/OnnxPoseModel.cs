using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Inference;

/// <summary>
/// One ONNX Runtime session for a pose model, with its input and output tensors allocated once,
/// pinned, and bound through an <see cref="OrtIoBinding"/>: a run allocates no managed memory. The
/// caller writes the input through <see cref="InputTensor"/>, calls <see cref="Run"/>, and reads
/// <see cref="OutputTensor"/>. On the CPU provider the bindings are the buffers themselves
/// (<see cref="InputBindingMode.BoundOnce"/>); on a device provider the input is bound again before
/// each run, because ONNX Runtime copies a bound CPU input to the device at bind time
/// (<see cref="InputBindingMode.RebindEachRun"/>), and the outputs, bound to CPU memory, are copied
/// back into the pinned buffers by ONNX Runtime at the end of every run.
/// Not thread-safe: one instance per perception thread (batch size 1).
/// </summary>
public sealed partial class OnnxPoseModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly InputBinder _inputBinder;
    private readonly OrtValue _outputValue;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtValue? _secondaryValue;
    private readonly float[] _secondary = [];

    private OnnxPoseModel(ModelCard card, InferenceSession session, ExecutionProvider provider, InputBindingMode bindingMode, long[] inputShape,
        long[] outputShape, long[]? secondaryShape)
    {
        Card = card;
        _session = session;
        Provider = provider;
        InputShape = inputShape;
        OutputShape = outputShape;
        _input = GC.AllocateArray<float>(checked((int)Product(inputShape)), pinned: true);
        _output = GC.AllocateArray<float>(checked((int)Product(outputShape)), pinned: true);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, outputShape);
        _binding = _session.CreateIoBinding();
        _inputBinder = new InputBinder(_binding, card.Input.Name, _input, inputShape, bindingMode);
        _binding.BindOutput(card.Output.Name, _outputValue);
        SecondaryOutputShape = secondaryShape;
        if (secondaryShape is not null)
        {
            _secondary = GC.AllocateArray<float>(checked((int)Product(secondaryShape)), pinned: true);
            _secondaryValue = OrtValue.CreateTensorValueFromMemory(_secondary, secondaryShape);
            _binding.BindOutput(card.Output.NameY!, _secondaryValue);
        }
    }

    /// <summary>The card this model was loaded from.</summary>
    public ModelCard Card { get; }

    /// <summary>The execution provider that runs the model.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>How the input is bound: once on the CPU provider, before every run on a device provider.</summary>
    public InputBindingMode InputBindingMode => _inputBinder.Mode;

    /// <summary>Input shape, [1, 3, H, W].</summary>
    public long[] InputShape { get; }

    /// <summary>Output shape, e.g. [1, K, H/stride, W/stride].</summary>
    public long[] OutputShape { get; }

    /// <summary>Shape of the second output (<c>output.nameY</c>, SimCC's y vectors), or null when the card names none.</summary>
    public long[]? SecondaryOutputShape { get; }

    /// <summary>The second output's memory (empty when there is none), valid after <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> SecondaryOutputTensor => _secondary;

    /// <summary>The input tensor's memory (NCHW). Written by preprocessing before each <see cref="Run"/>.</summary>
    public Span<float> InputTensor => _input;

    /// <summary>The output tensor's memory, valid after <see cref="Run"/> until the next run.</summary>
    public ReadOnlySpan<float> OutputTensor => _output;

    /// <summary>The underlying session, for benchmarks that compare against a bare run.</summary>
    public InferenceSession Session => _session;

    /// <summary>
    /// Runs the model on <see cref="InputTensor"/> (rebinding it first in
    /// <see cref="InputBindingMode.RebindEachRun"/>). Real-time safe on the managed side: no allocation.
    /// </summary>
    public void Run()
    {
        _inputBinder.BeforeRun();
        _session.RunWithBinding(_runOptions, _binding);
    }

    /// <summary>
    /// Loads the model a card describes. <paramref name="requested"/> providers are tried in the order
    /// written and the first that opens the model is used; CPU is always the last resort. The chosen
    /// provider, and every requested one that was not available, are logged (<see cref="OpenSession"/>). With
    /// <paramref name="tensorRtEngineCacheDir"/>, TensorRT keeps the engines (and timing caches) it
    /// builds in that folder, so only the first start on a machine pays for the engine build.
    /// The input binding mode follows the chosen provider (<see cref="InputBinder.ModeFor"/>);
    /// <paramref name="bindingMode"/> overrides it, for tests and benchmarks that run the rebinding
    /// path on the CPU provider. <see cref="InputBindingMode.BoundOnce"/> is refused on a device provider.
    /// </summary>
    public static OnnxPoseModel Load(ModelCard card, IReadOnlyList<ExecutionProvider> requested, ILogger logger, int intraOpThreads = 1,
        string? tensorRtEngineCacheDir = null, InputBindingMode? bindingMode = null)
    {
        InferenceSession session = OpenSession(card, requested, logger, intraOpThreads, out ExecutionProvider chosen, tensorRtEngineCacheDir);
        long[] inputShape = ResolveShape(session.InputMetadata, card.Input.Name, card, "input");
        long[] outputShape = ResolveShape(session.OutputMetadata, card.Output.Name, card, "output");
        long[]? secondaryShape = string.IsNullOrWhiteSpace(card.Output.NameY)
            ? null
            : ResolveShape(session.OutputMetadata, card.Output.NameY, card, "output");
        if (inputShape.Length != 4 || inputShape[1] != 3 || inputShape[2] != card.Input.Height || inputShape[3] != card.Input.Width)
        {
            session.Dispose();
            throw new InvalidDataException(
                $"model {card.ModelPath} input '{card.Input.Name}' has shape [{string.Join(",", inputShape)}], card says [1,3,{card.Input.Height},{card.Input.Width}]");
        }

        try
        {
            return new OnnxPoseModel(card, session, chosen, ChooseBindingMode(chosen, bindingMode), inputShape, outputShape, secondaryShape);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The binding mode for a session on <paramref name="provider"/>: <paramref name="requested"/> if
    /// given and correct there, else <see cref="InputBinder.ModeFor"/>.
    /// </summary>
    public static InputBindingMode ChooseBindingMode(ExecutionProvider provider, InputBindingMode? requested)
    {
        if (requested == InputBindingMode.BoundOnce && provider != ExecutionProvider.Cpu)
        {
            throw new ArgumentException(
                $"input binding mode BoundOnce would feed every run the first frame on the {provider} provider (it copies the input at bind time); use RebindEachRun",
                nameof(requested));
        }

        return requested ?? InputBinder.ModeFor(provider);
    }

    /// <summary>
    /// Opens an ONNX Runtime session for the model a card describes (also used by the edge server,
    /// which binds its own batched tensors). <paramref name="requested"/> providers are tried in
    /// the order written and the first that opens the model is used; CPU, wherever it is listed,
    /// always opens, so providers listed after it are never tried. A device provider missing from
    /// this build of ONNX Runtime, one whose libraries do not load, and one that cannot open the model
    /// (no device, driver mismatch) are each logged with the reason and skipped; when any was skipped
    /// a warning names them and the provider that runs instead. CPU is the last resort when nothing
    /// listed opens (or nothing is listed). The chosen provider is logged. With <paramref name="modelBytes"/>
    /// the session runs those bytes (the card's model rewritten, e.g. <see cref="OnnxOutputPruning"/>)
    /// instead of the file, which must still exist.
    /// </summary>
    public static InferenceSession OpenSession(ModelCard card, IReadOnlyList<ExecutionProvider> requested, ILogger logger, int intraOpThreads,
        out ExecutionProvider chosen, string? tensorRtEngineCacheDir = null, byte[]? modelBytes = null)
    {
        if (!File.Exists(card.ModelPath))
        {
            throw new FileNotFoundException($"model file {card.ModelPath} named by card {card.SourcePath} does not exist", card.ModelPath);
        }

        string[] available = OrtEnv.Instance().GetAvailableProviders();
        var skipped = new List<ExecutionProvider>();
        foreach (ExecutionProvider provider in requested)
        {
            if (provider == ExecutionProvider.Cpu)
            {
                break;
            }

            InferenceSession? onDevice = TryOpenOn(card, provider, available, logger, intraOpThreads, tensorRtEngineCacheDir, modelBytes);
            if (onDevice is not null)
            {
                chosen = provider;
                WarnSkipped(logger, skipped, chosen, card);
                LogProviderChosen(logger, chosen, string.Join(", ", available), card.Name);
                return onDevice;
            }

            skipped.Add(provider);
        }

        chosen = ExecutionProvider.Cpu;
        InferenceSession session;
        using (SessionOptions options = CreateOptions(intraOpThreads))
        {
            try
            {
                session = modelBytes is null ? new InferenceSession(card.ModelPath, options) : new InferenceSession(modelBytes, options);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"ONNX Runtime could not load {card.ModelPath}: {e.Message}", e);
            }
        }

        WarnSkipped(logger, skipped, chosen, card);
        LogProviderChosen(logger, chosen, string.Join(", ", available), card.Name);
        return session;
    }

    /// <summary>One warning naming every listed provider that did not open and the one that runs instead.</summary>
    private static void WarnSkipped(ILogger logger, List<ExecutionProvider> skipped, ExecutionProvider chosen, ModelCard card)
    {
        if (skipped.Count > 0)
        {
            LogProvidersSkipped(logger, string.Join(", ", skipped), chosen, card.Name);
        }
    }

    private static SessionOptions CreateOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        // Spinning worker threads would steal the control loop's core on a 2-core machine.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>A session on the device provider <paramref name="provider"/> (CUDA behind TensorRT), or null, logged, where it does not open.</summary>
    private static InferenceSession? TryOpenOn(ModelCard card, ExecutionProvider provider, string[] available, ILogger logger, int intraOpThreads,
        string? tensorRtEngineCacheDir, byte[]? modelBytes)
    {
        string name = provider == ExecutionProvider.Cuda ? "CUDAExecutionProvider" : "TensorrtExecutionProvider";
        if (!available.Contains(name))
        {
            LogProviderUnavailable(logger, provider, name);
            return null;
        }

        using SessionOptions options = CreateOptions(intraOpThreads);
        OrtTensorRTProviderOptions? tensorRtOptions = null;
        try
        {
            if (provider == ExecutionProvider.TensorRt && tensorRtEngineCacheDir is not null)
            {
                Directory.CreateDirectory(tensorRtEngineCacheDir);
                tensorRtOptions = new OrtTensorRTProviderOptions();
                tensorRtOptions.UpdateOptions(new Dictionary<string, string>
                {
                    ["device_id"] = "0",
                    ["trt_engine_cache_enable"] = "1",
                    ["trt_engine_cache_path"] = tensorRtEngineCacheDir,
                    ["trt_timing_cache_enable"] = "1",
                    ["trt_timing_cache_path"] = tensorRtEngineCacheDir,
                });
                options.AppendExecutionProvider_Tensorrt(tensorRtOptions);
                LogTensorRtEngineCache(logger, tensorRtEngineCacheDir);
            }
            else if (provider == ExecutionProvider.TensorRt)
            {
                options.AppendExecutionProvider_Tensorrt();
            }

            options.AppendExecutionProvider_CUDA();
            return modelBytes is null ? new InferenceSession(card.ModelPath, options) : new InferenceSession(modelBytes, options);
        }
        catch (OnnxRuntimeException e)
        {
            LogProviderFailed(logger, provider, e.Message);
            return null;
        }
        finally
        {
            // A session takes its own copy of the options.
            tensorRtOptions?.Dispose();
        }
    }

    /// <summary>The tensor's shape with every symbolic dimension (the batch) fixed to 1.</summary>
    public static long[] ResolveShape(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, ModelCard card, string role)
    {
        if (!metadata.TryGetValue(name, out NodeMetadata? node))
        {
            throw new InvalidDataException(
                $"model {card.ModelPath} has no {role} named '{name}' (it has: {string.Join(", ", metadata.Keys)}); fix the card {card.SourcePath}");
        }

        return node.Dimensions.Select(d => d < 0 ? 1L : d).ToArray();
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
        _binding.Dispose();
        _inputBinder.Dispose();
        _outputValue.Dispose();
        _secondaryValue?.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Inference runs on ONNX Runtime's {Provider} provider for model {Model} (available: {Available})")]
    private static partial void LogProviderChosen(ILogger logger, ExecutionProvider provider, string available, string model);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Execution provider {Provider} was requested but this ONNX Runtime build has no {NativeName}; falling back")]
    private static partial void LogProviderUnavailable(ILogger logger, ExecutionProvider provider, string nativeName);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "TensorRT keeps its engines in {CacheDir}")]
    private static partial void LogTensorRtEngineCache(ILogger logger, string cacheDir);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning,
        Message = "Execution provider(s) {Skipped} requested for model {Model} are not available here; it runs on {Provider} instead")]
    private static partial void LogProvidersSkipped(ILogger logger, string skipped, ExecutionProvider provider, string model);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Execution provider {Provider} failed to initialise ({Reason}); falling back")]
    private static partial void LogProviderFailed(ILogger logger, ExecutionProvider provider, string reason);
}
