using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.ReferenceCheck.Float64;

/// <summary>ADD (with numpy broadcasting), LOGISTIC and the fused activations.</summary>
public sealed partial class Float64Interpreter
{
    /// <summary>ADD: a + b with trailing-axis (numpy) broadcasting, then the fused activation.</summary>
    private double[] Add(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        TfliteActivation activation = op.Options is { } o ? ActivationOf(op, o.GetByte(TfliteSchema.AddOptions.FusedActivation)) : TfliteActivation.None;
        var (a, aShape) = Operand(op, 0, values);
        var (b, bShape) = Operand(op, 1, values);
        int[] shape = output.Shape;
        CheckShape(op, output, BroadcastShape(aShape, bShape));
        int[] aStrides = BroadcastStrides(op, aShape, shape);
        int[] bStrides = BroadcastStrides(op, bShape, shape);
        var result = new double[ElementCount(shape)];
        if (aShape.AsSpan().SequenceEqual(shape) && bShape.AsSpan().SequenceEqual(shape))
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = a[i] + b[i];
            }
        }
        else
        {
            for (int i = 0; i < result.Length; i++)
            {
                int rest = i, ai = 0, bi = 0;
                for (int axis = shape.Length - 1; axis >= 0; axis--)
                {
                    int coordinate = rest % shape[axis];
                    rest /= shape[axis];
                    ai += coordinate * aStrides[axis];
                    bi += coordinate * bStrides[axis];
                }

                result[i] = a[ai] + b[bi];
            }
        }

        Activate(result, activation);
        return result;
    }

    /// <summary>LOGISTIC: 1 / (1 + e^−x).</summary>
    private double[] Logistic(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        var (x, shape) = Operand(op, 0, values);
        CheckShape(op, output, shape);
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = 1 / (1 + Math.Exp(-x[i]));
        }

        return result;
    }

    /// <summary>
    /// Row-major strides of an operand of <paramref name="operandShape"/> read at the coordinates of
    /// <paramref name="outputShape"/>: trailing axes aligned, a size-1 (or missing) axis repeats (stride 0).
    /// </summary>
    private static int[] BroadcastStrides(TfliteOperator op, int[] operandShape, int[] outputShape)
    {
        if (operandShape.Length > outputShape.Length)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name}: operand of rank {operandShape.Length} for an output of rank {outputShape.Length}");
        }

        var strides = new int[outputShape.Length];
        int stride = 1;
        for (int axis = outputShape.Length - 1, source = operandShape.Length - 1; source >= 0; axis--, source--)
        {
            int size = operandShape[source];
            if (size != 1 && size != outputShape[axis])
            {
                throw new InvalidDataException(
                    $"operator #{op.Index} {op.Name}: operand [{string.Join(',', operandShape)}] does not broadcast to [{string.Join(',', outputShape)}]");
            }

            strides[axis] = size == 1 ? 0 : stride;
            stride *= size;
        }

        return strides;
    }

    /// <summary>The numpy broadcast of two shapes (trailing axes aligned, each axis the larger size).</summary>
    private static int[] BroadcastShape(int[] a, int[] b)
    {
        var shape = new int[Math.Max(a.Length, b.Length)];
        for (int axis = 0; axis < shape.Length; axis++)
        {
            int fromA = axis - (shape.Length - a.Length), fromB = axis - (shape.Length - b.Length);
            shape[axis] = Math.Max(fromA >= 0 ? a[fromA] : 1, fromB >= 0 ? b[fromB] : 1);
        }

        return shape;
    }

    private static TfliteActivation ActivationOf(TfliteOperator op, byte value) => value switch
    {
        (byte)TfliteActivation.None => TfliteActivation.None,
        (byte)TfliteActivation.Relu => TfliteActivation.Relu,
        (byte)TfliteActivation.ReluN1To1 => TfliteActivation.ReluN1To1,
        (byte)TfliteActivation.Relu6 => TfliteActivation.Relu6,
        (byte)TfliteActivation.Tanh => TfliteActivation.Tanh,
        _ => throw new NotSupportedException($"operator #{op.Index} {op.Name}: fused activation {value} is not supported"),
    };

    /// <summary>Applies a fused activation in place: RELU max(0, x), RELU_N1_TO_1 clamp to [−1, 1], RELU6 clamp to [0, 6], TANH.</summary>
    private static void Activate(Span<double> values, TfliteActivation activation)
    {
        switch (activation)
        {
            case TfliteActivation.Relu:
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Math.Max(values[i], 0);
                }

                break;
            case TfliteActivation.ReluN1To1:
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Math.Clamp(values[i], -1, 1);
                }

                break;
            case TfliteActivation.Relu6:
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Math.Clamp(values[i], 0, 6);
                }

                break;
            case TfliteActivation.Tanh:
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Math.Tanh(values[i]);
                }

                break;
        }
    }

    private static int ElementCount(int[] shape)
    {
        int count = 1;
        foreach (int d in shape)
        {
            count = checked(count * d);
        }

        return count;
    }
}
