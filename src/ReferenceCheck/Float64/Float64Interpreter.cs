using RobotEdge.Perception.ModelImport.Conversion;
using RobotEdge.Perception.ModelImport.Tflite;
using RobotEdge.ReferenceCheck.Tensors;

namespace RobotEdge.ReferenceCheck.Float64;

/// <summary>
/// A float TFLite model evaluated in float64: the answer that float32 runtimes (TFLite's own
/// interpreter, ONNX Runtime on the converted model) both approximate, exact to about 1e-12 of
/// the values involved. It reads the flatbuffer with Perception's TFLite reader and weight decoder
/// (float16 weights widen to float32 exactly, sparse ones are densified) and then applies each
/// operator's definition from TFLite's reference kernels directly in NHWC, without the converter's
/// ONNX graph: a layout, padding or resampling mistake in the converter shows here as a
/// difference between ONNX Runtime and this answer that TFLite does not share. Inputs are float32
/// (widened exactly); only the arithmetic is wider. Operators: the twelve the converter supports
/// (ADD, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEPTH_TO_SPACE, DEQUANTIZE, DENSIFY, LOGISTIC,
/// MAX_POOL_2D, PAD, RESHAPE, RESIZE_BILINEAR) with their fused activations; anything else is
/// refused by name when the model is loaded.
/// </summary>
/// <remarks>
/// Plain loops over doubles (convolutions split by output row over the thread pool): a few seconds
/// per run of a landmark model, for tools and tests, never the robot. <see cref="Run"/> is
/// thread-safe: the model and its decoded constants are read-only after construction.
/// </remarks>
public sealed partial class Float64Interpreter
{
    private readonly TfliteModel _model;

    /// <summary>Decoded constants (weights, biases, paddings) by TFLite tensor index, NHWC, widened to double.</summary>
    private readonly Dictionary<int, double[]> _constants = [];

    /// <summary>Integer constants (paddings, shapes, sizes) by TFLite tensor index.</summary>
    private readonly Dictionary<int, long[]> _integerConstants = [];

    /// <summary>For each computed tensor, the index of the last operator that reads it (−1: never read); outputs stay alive.</summary>
    private readonly int[] _lastUse;

    private Float64Interpreter(TfliteModel model, string label)
    {
        _model = model;
        Label = label;
        foreach (TfliteOperator op in model.Operators)
        {
            CheckSupported(op);
        }

        foreach (TfliteTensor tensor in model.Tensors)
        {
            if (!tensor.IsConstant)
            {
                continue;
            }

            ConstantTensor constant = ConstantTensor.Read(tensor);
            if (constant.Floats is { } floats)
            {
                _constants[tensor.Index] = Array.ConvertAll(floats, v => (double)v);
            }
            else
            {
                _integerConstants[tensor.Index] = constant.Integers!;
            }
        }

        _lastUse = new int[model.Tensors.Count];
        Array.Fill(_lastUse, -1);
        for (int i = 0; i < model.Operators.Count; i++)
        {
            foreach (int t in model.Operators[i].Inputs)
            {
                if (t >= 0)
                {
                    _lastUse[t] = i;
                }
            }
        }

        foreach (int t in model.Outputs)
        {
            _lastUse[t] = int.MaxValue;
        }

        Inputs = Array.ConvertAll(model.Inputs, t => Signature(model.Tensors[t]));
        Outputs = Array.ConvertAll(model.Outputs, t => Signature(model.Tensors[t]));
    }

    /// <summary>The file, or what the in-memory model was called, for messages.</summary>
    public string Label { get; }

    /// <summary>The model's inputs, TFLite's names and NHWC shapes, in its input order.</summary>
    public IReadOnlyList<TensorSignature> Inputs { get; }

    /// <summary>The model's outputs, TFLite's names and shapes, in its output order.</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; }

    /// <summary>Number of operators, in execution order.</summary>
    public int OperatorCount => _model.Operators.Count;

    /// <summary>The name (CONV_2D …) of operator <paramref name="operatorIndex"/> in execution order.</summary>
    public string OperatorName(int operatorIndex) => _model.Operators[operatorIndex].Name;

    /// <summary>The subgraph tensor index of output <paramref name="output"/> (position in <see cref="Outputs"/>).</summary>
    public int OutputTensorIndex(int output) => _model.Outputs[output];

    /// <summary>Loads a .tflite file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed TFLite model.</exception>
    /// <exception cref="NotSupportedException">It uses an operator, option or element type outside the supported set (named).</exception>
    public static Float64Interpreter Load(string tflitePath) =>
        FromBytes(File.Exists(tflitePath) ? File.ReadAllBytes(tflitePath) : throw new FileNotFoundException($"{tflitePath} does not exist", tflitePath),
            tflitePath);

    /// <summary>Loads a TFLite flatbuffer held in memory; <paramref name="label"/> names it in messages. Same exceptions as <see cref="Load"/>.</summary>
    public static Float64Interpreter FromBytes(byte[] tflite, string label) => new(TfliteModelReader.Read(tflite), label);

    /// <summary>
    /// Runs the model once on <paramref name="inputs"/> (row-major float32, one per model input in
    /// <see cref="Inputs"/>' order) and returns every output (row-major, TFLite's shapes) in
    /// <see cref="Outputs"/>' order. <paramref name="observe"/>, when given, sees every operator's
    /// output as it is computed (in execution order; the values must not be changed).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number of inputs or wrong lengths.</exception>
    /// <exception cref="InvalidDataException">The model contradicts itself (a shape disagreeing with its operator).</exception>
    public double[][] Run(IReadOnlyList<float[]> inputs, Action<Float64Tensor>? observe = null)
    {
        if (inputs.Count != Inputs.Count)
        {
            throw new ArgumentException($"{Label} has {Inputs.Count} inputs, {inputs.Count} given", nameof(inputs));
        }

        var values = new Dictionary<int, double[]>();
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length != Inputs[i].ElementCount)
            {
                throw new ArgumentException($"input {Inputs[i]} needs {Inputs[i].ElementCount} floats, {inputs[i].Length} given", nameof(inputs));
            }

            values[_model.Inputs[i]] = Array.ConvertAll(inputs[i], v => (double)v);
        }

        for (int i = 0; i < _model.Operators.Count; i++)
        {
            TfliteOperator op = _model.Operators[i];
            TfliteTensor output = _model.Tensors[op.Outputs[0]];
            double[] result = Evaluate(op, output, values);
            values[output.Index] = result;
            observe?.Invoke(new Float64Tensor(output.Name, output.Index, i, output.Shape, result));
            foreach (int t in op.Inputs)
            {
                if (t >= 0 && _lastUse[t] == i)
                {
                    values.Remove(t);
                }
            }
        }

        var outputs = new double[_model.Outputs.Length][];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = Value(_model.Outputs[i], values, "model output");
        }

        return outputs;
    }

    private double[] Evaluate(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values) =>
        (TfliteBuiltinOperator)op.BuiltinCode switch
        {
            TfliteBuiltinOperator.Add => Add(op, output, values),
            TfliteBuiltinOperator.Concatenation => Concatenation(op, output, values),
            TfliteBuiltinOperator.Conv2D => Conv2D(op, output, values),
            TfliteBuiltinOperator.DepthwiseConv2D => DepthwiseConv2D(op, output, values),
            TfliteBuiltinOperator.DepthToSpace => DepthToSpace(op, output, values),
            // Constants are decoded when the model loads (float16 widened, sparse densified): both
            // operators hand their input on unchanged.
            TfliteBuiltinOperator.Dequantize or TfliteBuiltinOperator.Densify => Value(op.Inputs[0], values, op.Name),
            TfliteBuiltinOperator.Logistic => Logistic(op, output, values),
            TfliteBuiltinOperator.MaxPool2D => MaxPool2D(op, output, values),
            TfliteBuiltinOperator.Pad => Pad(op, output, values),
            TfliteBuiltinOperator.Reshape => Reshape(op, output, values),
            TfliteBuiltinOperator.ResizeBilinear => ResizeBilinear(op, output, values),
            _ => throw new NotSupportedException($"TFLite operator {op.Name} (operator #{op.Index}) is not supported"),
        };

    private static void CheckSupported(TfliteOperator op)
    {
        bool known = op.CustomCode is null && Enum.IsDefined((TfliteBuiltinOperator)op.BuiltinCode);
        if (!known)
        {
            throw new NotSupportedException($"TFLite operator {op.Name} (operator #{op.Index}) is not supported by the float64 interpreter");
        }

        if (op.Outputs.Length != 1 || op.Outputs[0] < 0)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name} has {op.Outputs.Length} outputs, expected 1");
        }
    }

    /// <summary>The value of tensor <paramref name="t"/>: computed earlier in this run, or a float constant.</summary>
    private double[] Value(int t, Dictionary<int, double[]> values, string what)
    {
        if (t >= 0 && (values.TryGetValue(t, out double[]? value) || _constants.TryGetValue(t, out value)))
        {
            return value;
        }

        throw new InvalidDataException($"{what}: tensor {t} is used before any operator computes it (or is not a float tensor)");
    }

    /// <summary>Input <paramref name="position"/> of <paramref name="op"/> and its TFLite shape.</summary>
    private (double[] Data, int[] Shape) Operand(TfliteOperator op, int position, Dictionary<int, double[]> values)
    {
        if (position >= op.Inputs.Length || op.Inputs[position] < 0)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name} lacks input {position}");
        }

        int t = op.Inputs[position];
        return (Value(t, values, $"input {position} of operator #{op.Index} {op.Name}"), _model.Tensors[t].Shape);
    }

    /// <summary>An integer constant input (paddings), or an exception naming it.</summary>
    private long[] IntegerOperand(TfliteOperator op, int position)
    {
        int t = position < op.Inputs.Length ? op.Inputs[position] : -1;
        return t >= 0 && _integerConstants.TryGetValue(t, out long[]? value)
            ? value
            : throw new NotSupportedException($"operator #{op.Index} {op.Name}: input {position} must be an integer constant");
    }

    private static FlatTable Options(TfliteOperator op) =>
        op.Options ?? throw new InvalidDataException($"operator #{op.Index} {op.Name} lacks its builtin options");

    private static void CheckShape(TfliteOperator op, TfliteTensor output, int[] computed)
    {
        if (!output.Shape.AsSpan().SequenceEqual(computed))
        {
            throw new InvalidDataException(
                $"operator #{op.Index} {op.Name}: output '{output.Name}' is declared [{string.Join(',', output.Shape)}] but TFLite's rules give [{string.Join(',', computed)}]");
        }
    }

    private static TensorSignature Signature(TfliteTensor tensor) => new(tensor.Name, tensor.Shape, "float64");
}
