using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>Constants: folding DEQUANTIZE and DENSIFY, and writing constants as initializers.</summary>
internal sealed partial class TfliteGraphConverter
{
    /// <summary>
    /// DEQUANTIZE of a float16 constant (how TFLite stores half-precision weights): folded into a
    /// float32 constant. A computed or integer-quantized input is refused.
    /// </summary>
    private void ConvertDequantize(TfliteOperator op)
    {
        int input = InputIndex(op, 0);
        var output = SingleOutput(op);
        var constant = TryConstant(input)
            ?? throw Unsupported(op, $"only constant float16 weights can be dequantized; '{model.Tensors[input].Name}' is computed at run time");
        if (constant.StoredType is not (TfliteTensorType.Float16 or TfliteTensorType.Float32))
        {
            throw Unsupported(op, $"dequantizing {constant.StoredType} is not supported (only float16)");
        }

        constants[output.Index] = ConstantTensor.FromFloats(output.Shape, constant.RequireFloats("DEQUANTIZE input"));
    }

    /// <summary>DENSIFY of a sparse constant: the dense tensor is computed here (<see cref="SparseTensorDensifier"/>).</summary>
    private void ConvertDensify(TfliteOperator op)
    {
        int input = InputIndex(op, 0);
        if (op.Outputs.Length != 1 || op.Outputs[0] < 0)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name} has {op.Outputs.Length} outputs, expected 1");
        }

        var constant = TryConstant(input)
            ?? throw Unsupported(op, $"only constant tensors can be densified; '{model.Tensors[input].Name}' is computed at run time");
        constants[op.Outputs[0]] = constant;
    }

    /// <summary>The constant value of tensor <paramref name="t"/>, or null when it is computed at run time.</summary>
    private ConstantTensor? TryConstant(int t)
    {
        if (constants.TryGetValue(t, out var known))
        {
            return known;
        }

        var tensor = model.Tensors[t];
        if (!tensor.IsConstant)
        {
            return null;
        }

        var constant = ConstantTensor.Read(tensor);
        constants[t] = constant;
        return constant;
    }

    /// <summary>The constant input <paramref name="position"/> of <paramref name="op"/> (a weight, a padding table).</summary>
    private ConstantTensor ConstantInput(TfliteOperator op, int position, string what)
    {
        int t = InputIndex(op, position);
        return TryConstant(t) ?? throw Unsupported(op, $"its {what} '{model.Tensors[t].Name}' must be a constant");
    }

    /// <summary>Writes a constant used as an operand (ADD, CONCATENATION …) as an initializer; rank 4 is stored NCHW.</summary>
    private string MaterializeConstant(int t, ConstantTensor constant)
    {
        string name = InternalName(t);
        if (initializers.Contains(name))
        {
            return name;
        }

        if (constant.Floats is { } floats)
        {
            AddFloatInitializer(name, constant.Shape.Length == 4 ? Layout.NhwcDataToNchw(floats, constant.Shape) : floats,
                constant.Shape.Length == 4 ? Layout.ToNchw(constant.Shape) : constant.Shape);
        }
        else
        {
            throw new NotSupportedException($"integer tensor '{model.Tensors[t].Name}' is used as a computed operand; only float32 data flows through the graph");
        }

        values[t] = name;
        return name;
    }

    private string AddFloatInitializer(string name, float[] data, int[] shape)
    {
        if (initializers.Add(name))
        {
            graph.Initializer.Add(OnnxGraph.FloatTensor(name, data, Array.ConvertAll(shape, d => (long)d)));
        }

        return name;
    }

    /// <summary>An int64 vector initializer (shapes, pads, sizes), shared between nodes that need the same values.</summary>
    private string Int64Initializer(long[] data)
    {
        string name = $"#i64[{string.Join(',', data)}]";
        if (initializers.Add(name))
        {
            graph.Initializer.Add(OnnxGraph.Int64Tensor(name, data, data.Length));
        }

        return name;
    }

    /// <summary>A float scalar initializer (Clip bounds).</summary>
    private string ScalarInitializer(float value)
    {
        string name = $"#f32({value.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        if (initializers.Add(name))
        {
            graph.Initializer.Add(OnnxGraph.FloatTensor(name, [value]));
        }

        return name;
    }

    /// <summary>
    /// Writes <paramref name="input"/> (of <paramref name="shape"/>) transposed by <paramref name="perm"/>
    /// into <paramref name="output"/>: a Reshape when the element order does not change, else a Transpose.
    /// </summary>
    private string Permute(string input, int[] shape, long[] perm, string output)
    {
        if (Layout.KeepsElementOrder(shape, perm))
        {
            return Emit("Reshape", [input, Int64Initializer(Array.ConvertAll(Layout.Permuted(shape, perm), d => (long)d))], output);
        }

        return Emit("Transpose", [input], output, OnnxGraph.Ints("perm", perm));
    }
}
