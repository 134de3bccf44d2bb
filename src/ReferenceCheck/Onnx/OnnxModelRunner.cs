using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RobotEdge.ReferenceCheck.Tensors;

namespace RobotEdge.ReferenceCheck.Onnx;

/// <summary>
/// ONNX Runtime (CPU provider) on a whole model with any number of float32 inputs and outputs: the
/// side of a reference comparison that is ours. A plain <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/>,
/// allocating per run: for tools and tests, not the frame path (that is Perception's OnnxPoseModel).
/// Not thread-safe.
/// </summary>
public sealed class OnnxModelRunner : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Opens <paramref name="onnxPath"/> with <paramref name="intraOpThreads"/> threads per operator.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime refused the model.</exception>
    public OnnxModelRunner(string onnxPath, int intraOpThreads = 1)
        : this(File.Exists(onnxPath) ? File.ReadAllBytes(onnxPath) : throw new FileNotFoundException($"{onnxPath} does not exist", onnxPath),
            onnxPath, intraOpThreads)
    {
    }

    /// <summary>
    /// Opens a model held in memory (e.g. straight from the TFLite converter); <paramref name="label"/>
    /// names it in messages. <paramref name="optimization"/> is ONNX Runtime's graph optimisation
    /// level (its default, everything, is what the robot runs; disabled runs each node as written).
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime refused the model.</exception>
    public OnnxModelRunner(byte[] onnxModel, string label, int intraOpThreads = 1,
        GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = optimization,
        };
        _session = new InferenceSession(onnxModel, options);
        Label = label;
        Inputs = Signatures(_session.InputMetadata, _session.InputNames);
        Outputs = Signatures(_session.OutputMetadata, _session.OutputNames);
    }

    /// <summary>The .onnx file, or what the in-memory model was called.</summary>
    public string Label { get; }

    /// <summary>The graph's inputs in order (a symbolic dimension shows as -1).</summary>
    public IReadOnlyList<TensorSignature> Inputs { get; }

    /// <summary>The graph's outputs in order.</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; }

    /// <summary>
    /// Runs the model once on <paramref name="inputs"/> (row-major float32, one per graph input in
    /// <see cref="Inputs"/>' order) and returns every output in <see cref="Outputs"/>' order.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number of inputs or wrong lengths.</exception>
    public NamedTensor[] Run(IReadOnlyList<float[]> inputs)
    {
        if (inputs.Count != Inputs.Count)
        {
            throw new ArgumentException($"{Label} has {Inputs.Count} inputs, {inputs.Count} given", nameof(inputs));
        }

        var values = new List<OrtValue>(inputs.Count);
        var named = new Dictionary<string, OrtValue>(inputs.Count);
        try
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                TensorSignature signature = Inputs[i];
                if (inputs[i].Length != signature.ElementCount)
                {
                    throw new ArgumentException($"input {signature} needs {signature.ElementCount} floats, {inputs[i].Length} given", nameof(inputs));
                }

                OrtValue value = OrtValue.CreateTensorValueFromMemory(inputs[i], Array.ConvertAll(signature.Shape, d => (long)d));
                values.Add(value);
                named[signature.Name] = value;
            }

            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(runOptions, named, _session.OutputNames);
            var outputs = new NamedTensor[results.Count];
            int index = 0;
            foreach (OrtValue result in results)
            {
                OrtTensorTypeAndShapeInfo info = result.GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                {
                    throw new InvalidOperationException($"output {Outputs[index].Name} is {info.ElementDataType}; only float32 outputs are compared");
                }

                outputs[index] = new NamedTensor(Outputs[index].Name, Array.ConvertAll(info.Shape, d => checked((int)d)),
                    result.GetTensorDataAsSpan<float>().ToArray());
                index++;
            }

            return outputs;
        }
        finally
        {
            foreach (OrtValue value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private static TensorSignature[] Signatures(IReadOnlyDictionary<string, NodeMetadata> metadata, IReadOnlyList<string> names)
    {
        var signatures = new TensorSignature[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            NodeMetadata node = metadata[names[i]];
            string type = node.ElementDataType == TensorElementType.Float ? "float32" : node.ElementDataType.ToString();
            signatures[i] = new TensorSignature(names[i], node.Dimensions, type);
        }

        return signatures;
    }
}
