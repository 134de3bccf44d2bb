using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.ModelGeneration.Onnx;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>
/// Translates a TFLite main subgraph into an ONNX graph, operator by operator, in TFLite's
/// execution order, into a model of ONNX opset <see cref="OnnxGraph.OpsetVersion"/> (17: Resize, Pad
/// and Clip take their parameters as tensor inputs, as they have since opset 13).
/// </summary>
/// <remarks>
/// Layout: TFLite computes in NHWC, ONNX's Conv/MaxPool/Resize/DepthToSpace in NCHW. Every rank-4
/// activation is held in NCHW inside the ONNX graph: the model's rank-4 inputs are transposed once
/// on entry and its rank-4 outputs once on exit, so the graph keeps TFLite's NHWC boundary without
/// a transpose around each layer. Rank-4 weights and constants are permuted at conversion time.
/// Only a RESHAPE that leaves or enters rank 4 needs the NHWC element order inside the graph; it
/// gets a transpose exactly where the order differs (not for 1×1 spatial or single-channel tensors).
/// Constants (weights, DEQUANTIZE of float16 weights, DENSIFY of sparse weights) are folded at
/// conversion time. Import time only; not real-time safe.
/// </remarks>
internal sealed partial class TfliteGraphConverter
{
    private readonly TfliteModel model;
    private readonly GraphProto graph = new() { Name = "tflite_import" };

    /// <summary>ONNX value name of each TFLite tensor computed so far (rank-4 ones hold NCHW data).</summary>
    private readonly Dictionary<int, string> values = [];

    /// <summary>Constants known at conversion time, by TFLite tensor index (weights and folded results).</summary>
    private readonly Dictionary<int, ConstantTensor> constants = [];

    /// <summary>Names of initializers already written, so shared constants are stored once.</summary>
    private readonly HashSet<string> initializers = [];

    /// <summary>How many times each TFLite operator occurs, for the report.</summary>
    private readonly SortedDictionary<string, int> operatorCounts = new(StringComparer.Ordinal);

    private int nodeCounter;

    private TfliteGraphConverter(TfliteModel model)
    {
        this.model = model;
    }

    /// <summary>
    /// Converts <paramref name="model"/>; with <paramref name="exposeIntermediates"/> every tensor
    /// computed at run time also becomes a graph output (see <see cref="TfliteImporter.ConvertExposingIntermediates"/>).
    /// Throws <see cref="NotSupportedException"/> naming the first unsupported operator, option or
    /// element type, and <see cref="InvalidDataException"/> when the model contradicts itself (a shape
    /// that disagrees with its operator, a tensor used before it is computed).
    /// </summary>
    public static (ModelProto Model, TfliteImportReport Report) Convert(TfliteModel model, bool exposeIntermediates = false)
    {
        var converter = new TfliteGraphConverter(model);
        return converter.Run(exposeIntermediates);
    }

    private (ModelProto, TfliteImportReport) Run(bool exposeIntermediates)
    {
        var inputs = new List<ImportedTensor>();
        foreach (int t in model.Inputs)
        {
            inputs.Add(AddGraphInput(t));
        }

        foreach (var op in model.Operators)
        {
            operatorCounts[op.Name] = operatorCounts.GetValueOrDefault(op.Name) + 1;
            ConvertOperator(op);
        }

        var outputs = new List<ImportedTensor>();
        var outputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (int t in model.Outputs)
        {
            var tensor = model.Tensors[t];
            if (!outputNames.Add(tensor.Name))
            {
                throw new InvalidDataException($"two subgraph outputs share the name '{tensor.Name}'");
            }

            outputs.Add(AddGraphOutput(t));
        }

        var intermediates = exposeIntermediates ? ExposeIntermediates(outputNames) : [];
        var onnx = OnnxGraph.Model(graph, $"Converted from TFLite by RobotEdge{(model.Description is { Length: > 0 } d ? $" (TFLite description: {d})" : "")}");
        var report = new TfliteImportReport(inputs, outputs, new Dictionary<string, int>(operatorCounts), graph.Node.Count, intermediates);
        return (onnx, report);
    }

    /// <summary>
    /// Makes every operator output computed at run time (not a folded constant, not already a model
    /// output) an extra graph output named "#&lt;tensor index&gt;/exposed", in TFLite's NHWC order.
    /// </summary>
    private List<ImportedIntermediate> ExposeIntermediates(HashSet<string> modelOutputNames)
    {
        var exposed = new List<ImportedIntermediate>();
        var modelOutputs = new HashSet<int>(model.Outputs);
        foreach (var op in model.Operators)
        {
            foreach (int t in op.Outputs)
            {
                if (t < 0 || modelOutputs.Contains(t) || constants.ContainsKey(t) || !values.TryGetValue(t, out string? inner))
                {
                    continue;
                }

                var tensor = model.Tensors[t];
                string name = $"{InternalName(t)}/exposed";
                if (modelOutputNames.Contains(name))
                {
                    throw new InvalidDataException($"a model output is named '{name}', the name an exposed intermediate needs");
                }

                graph.Output.Add(ValueInfo(name, tensor.Shape));
                if (tensor.Shape.Length == 4)
                {
                    Permute(inner, Layout.ToNchw(tensor.Shape), Layout.NchwToNhwc, name);
                }
                else
                {
                    Emit("Identity", [inner], name);
                }

                exposed.Add(new ImportedIntermediate(name, t, tensor.Name, op.Index, tensor.Shape));
            }
        }

        return exposed;
    }

    private void ConvertOperator(TfliteOperator op)
    {
        if (op.CustomCode is not null)
        {
            throw Unsupported(op, "custom operators are not supported");
        }

        switch ((TfliteBuiltinOperator)op.BuiltinCode)
        {
            case TfliteBuiltinOperator.Add: ConvertAdd(op); break;
            case TfliteBuiltinOperator.Concatenation: ConvertConcatenation(op); break;
            case TfliteBuiltinOperator.Conv2D: ConvertConv2D(op); break;
            case TfliteBuiltinOperator.DepthwiseConv2D: ConvertDepthwiseConv2D(op); break;
            case TfliteBuiltinOperator.DepthToSpace: ConvertDepthToSpace(op); break;
            case TfliteBuiltinOperator.Dequantize: ConvertDequantize(op); break;
            case TfliteBuiltinOperator.Densify: ConvertDensify(op); break;
            case TfliteBuiltinOperator.Logistic: ConvertLogistic(op); break;
            case TfliteBuiltinOperator.MaxPool2D: ConvertMaxPool2D(op); break;
            case TfliteBuiltinOperator.Pad: ConvertPad(op); break;
            case TfliteBuiltinOperator.Reshape: ConvertReshape(op); break;
            case TfliteBuiltinOperator.ResizeBilinear: ConvertResizeBilinear(op); break;
            default:
                throw new NotSupportedException(
                    $"TFLite operator {op.Name} (builtin code {op.BuiltinCode}, operator #{op.Index}) is not supported; " +
                    "supported: ADD, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEPTH_TO_SPACE, DEQUANTIZE, DENSIFY, LOGISTIC, MAX_POOL_2D, PAD, RESHAPE, RESIZE_BILINEAR");
        }
    }

    private ImportedTensor AddGraphInput(int t)
    {
        var tensor = model.Tensors[t];
        RequireFloat32(tensor, "model input");
        if (tensor.IsConstant)
        {
            throw new NotSupportedException($"model input '{tensor.Name}' carries constant data");
        }

        graph.Input.Add(ValueInfo(tensor.Name, tensor.Shape));
        if (tensor.Shape.Length == 4)
        {
            // The one layout change on entry: NHWC as the caller supplies it → NCHW inside.
            values[t] = Permute(tensor.Name, tensor.Shape, Layout.NhwcToNchw, InternalName(t));
        }
        else
        {
            values[t] = tensor.Name;
        }

        return new ImportedTensor(tensor.Name, tensor.Shape);
    }

    private ImportedTensor AddGraphOutput(int t)
    {
        var tensor = model.Tensors[t];
        string inner = Activation(t, "model output");
        graph.Output.Add(ValueInfo(tensor.Name, tensor.Shape));
        if (tensor.Shape.Length == 4)
        {
            // The one layout change on exit: back to TFLite's NHWC shape and element order.
            Permute(inner, Layout.ToNchw(tensor.Shape), Layout.NchwToNhwc, tensor.Name);
        }
        else if (inner != tensor.Name)
        {
            Emit("Identity", [inner], tensor.Name);
        }

        return new ImportedTensor(tensor.Name, tensor.Shape);
    }

    /// <summary>The ONNX name of a computed tensor, or of a constant materialised as an initializer (rank 4 → NCHW).</summary>
    private string Activation(int t, string what)
    {
        if (values.TryGetValue(t, out string? name))
        {
            return name;
        }

        if (TryConstant(t) is { } constant)
        {
            return MaterializeConstant(t, constant);
        }

        throw new InvalidDataException($"{what} '{model.Tensors[t].Name}' (tensor {t}) is used before any operator computes it");
    }

    /// <summary>Input <paramref name="position"/> of <paramref name="op"/> as an ONNX value name.</summary>
    private string Input(TfliteOperator op, int position) => Activation(InputIndex(op, position), $"input {position} of {op.Name}");

    /// <summary>The TFLite tensor index of a required input.</summary>
    private static int InputIndex(TfliteOperator op, int position)
    {
        if (position >= op.Inputs.Length || op.Inputs[position] < 0)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name} lacks input {position}");
        }

        return op.Inputs[position];
    }

    /// <summary>The single output tensor of <paramref name="op"/>, checked to be float32.</summary>
    private TfliteTensor SingleOutput(TfliteOperator op)
    {
        if (op.Outputs.Length != 1 || op.Outputs[0] < 0)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name} has {op.Outputs.Length} outputs, expected 1");
        }

        var output = model.Tensors[op.Outputs[0]];
        RequireFloat32(output, $"output of {op.Name}");
        return output;
    }

    /// <summary>Records that <paramref name="tensor"/> is computed into ONNX value <paramref name="name"/>.</summary>
    private void Define(TfliteTensor tensor, string name) => values[tensor.Index] = name;

    private static string InternalName(int t) => $"#{t}";

    private string Emit(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        graph.Node.Add(OnnxGraph.Node(opType, $"{opType}_{nodeCounter++}", inputs, [output], attributes));
        return output;
    }

    private static ValueInfoProto ValueInfo(string name, int[] shape)
    {
        var info = OnnxGraph.TensorValueInfo(name, "unused");
        var dims = info.Type.TensorType.Shape.Dim;
        dims.Clear();
        foreach (int d in shape)
        {
            dims.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return info;
    }

    private static void RequireFloat32(TfliteTensor tensor, string what)
    {
        if (tensor.Type != TfliteTensorType.Float32 || tensor.IsQuantized)
        {
            throw new NotSupportedException($"{what} '{tensor.Name}' has element type {tensor.Type}{(tensor.IsQuantized ? " (quantized)" : "")}; only float32 activations are supported");
        }
    }

    private static NotSupportedException Unsupported(TfliteOperator op, string detail) =>
        new($"TFLite operator {op.Name} (operator #{op.Index}): {detail}");

    private FlatTable Options(TfliteOperator op) =>
        op.Options ?? throw new InvalidDataException($"operator #{op.Index} {op.Name} lacks its builtin options");
}
