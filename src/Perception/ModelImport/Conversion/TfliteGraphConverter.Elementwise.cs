using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>ADD, LOGISTIC and the activations TFLite fuses into an operator's output.</summary>
internal sealed partial class TfliteGraphConverter
{
    /// <summary>
    /// ADD with TFLite's (numpy) broadcasting. A constant operand against an NHWC activation is
    /// widened to rank 4 and permuted to NCHW, so ONNX's broadcasting lines up the same elements.
    /// </summary>
    private void ConvertAdd(TfliteOperator op)
    {
        var activation = op.Options is { } o ? ReadActivation(op, o.GetByte(TfliteSchema.AddOptions.FusedActivation)) : TfliteActivation.None;
        var output = SingleOutput(op);
        string a = BroadcastOperand(op, 0, output.Shape.Length);
        string b = BroadcastOperand(op, 1, output.Shape.Length);
        string sum = ActivationTarget(output, activation);
        Emit("Add", [a, b], sum);
        FinishActivation(output, sum, activation);
    }

    /// <summary>Operand <paramref name="position"/> of a broadcasting operator whose output has rank <paramref name="outputRank"/>.</summary>
    private string BroadcastOperand(TfliteOperator op, int position, int outputRank)
    {
        int t = InputIndex(op, position);
        int[] shape = model.Tensors[t].Shape;
        if (outputRank != 4 || shape.Length == 4 || values.ContainsKey(t))
        {
            if (outputRank == 4 && shape.Length != 4)
            {
                throw Unsupported(op, $"broadcasting computed rank-{shape.Length} tensor '{model.Tensors[t].Name}' against an NHWC tensor");
            }

            return Input(op, position);
        }

        var constant = TryConstant(t) ?? throw new InvalidDataException($"input {position} of {op.Name} (tensor {t}) is used before any operator computes it");
        // Numpy broadcasting aligns trailing axes: [C] against NHWC is [1,1,1,C].
        var widened = new int[4];
        for (int i = 0; i < 4; i++)
        {
            int source = i - (4 - shape.Length);
            widened[i] = source >= 0 ? shape[source] : 1;
        }

        float[] data = constant.RequireFloats($"{op.Name} operand");
        return AddFloatInitializer($"#{t}/nchw", Layout.NhwcDataToNchw(data, widened), Layout.ToNchw(widened));
    }

    /// <summary>LOGISTIC: the sigmoid 1 / (1 + e^−x).</summary>
    private void ConvertLogistic(TfliteOperator op)
    {
        var output = SingleOutput(op);
        Define(output, Emit("Sigmoid", [Input(op, 0)], InternalName(output.Index)));
    }

    private static TfliteActivation ReadActivation(TfliteOperator op, byte value) => value switch
    {
        (byte)TfliteActivation.None => TfliteActivation.None,
        (byte)TfliteActivation.Relu => TfliteActivation.Relu,
        (byte)TfliteActivation.ReluN1To1 => TfliteActivation.ReluN1To1,
        (byte)TfliteActivation.Relu6 => TfliteActivation.Relu6,
        (byte)TfliteActivation.Tanh => TfliteActivation.Tanh,
        (byte)TfliteActivation.SignBit => throw Unsupported(op, "fused activation SIGN_BIT is not supported"),
        _ => throw Unsupported(op, $"fused activation {value} is not a known ActivationFunctionType"),
    };

    /// <summary>Where the operator itself writes: straight into the output, or into a temporary the activation reads.</summary>
    private static string ActivationTarget(TfliteTensor output, TfliteActivation activation) =>
        activation == TfliteActivation.None ? InternalName(output.Index) : $"{InternalName(output.Index)}/pre";

    /// <summary>Applies the fused activation (if any) to <paramref name="value"/> and defines <paramref name="output"/>.</summary>
    private void FinishActivation(TfliteTensor output, string value, TfliteActivation activation)
    {
        string name = InternalName(output.Index);
        switch (activation)
        {
            case TfliteActivation.None:
                break;
            case TfliteActivation.Relu:
                Emit("Relu", [value], name);
                break;
            case TfliteActivation.Relu6:
                Emit("Clip", [value, ScalarInitializer(0f), ScalarInitializer(6f)], name);
                break;
            case TfliteActivation.ReluN1To1:
                Emit("Clip", [value, ScalarInitializer(-1f), ScalarInitializer(1f)], name);
                break;
            case TfliteActivation.Tanh:
                Emit("Tanh", [value], name);
                break;
        }

        Define(output, name);
    }
}
