using Google.FlatBuffers;

namespace RobotEdge.ReferenceCheck.Tests;

/// <summary>
/// A TFLite model small enough to compute by hand, written with Google.FlatBuffers' builder against
/// TFLite's published schema.fbs (table slots and enum values are the schema's facts):
/// x [1,2,2,3] → ADD(x, c) with fused RELU → LOGISTIC → s (output 0) → CONV_2D 1×1 (2 filters,
/// bias, VALID, stride 1) → y [1,2,2,2] (output 1). <see cref="Expected"/> computes both outputs.
/// </summary>
public static class TinyTfliteModel
{
    /// <summary>The constant added to x, NHWC [1,2,2,3].</summary>
    public static readonly float[] Addend = [0.5f, -1f, 2f, -0.25f, 0f, 1f, 3f, -2f, -0.5f, 1.5f, 0.25f, -3f];

    /// <summary>The 1×1 filters, TFLite's OHWI [2,1,1,3].</summary>
    public static readonly float[] Filters = [1f, -2f, 0.5f, -1f, 0.25f, 3f];

    /// <summary>The bias per output channel.</summary>
    public static readonly float[] Bias = [0.1f, -0.2f];

    // schema.fbs: BuiltinOperator ADD = 0, CONV_2D = 3, LOGISTIC = 14; BuiltinOptions Conv2DOptions = 1,
    // AddOptions = 11; ActivationFunctionType RELU = 1; Padding VALID = 1; TensorType FLOAT32 = 0.
    private const int Add = 0, Conv2D = 3, Logistic = 14;
    private const byte Conv2DOptionsType = 1, AddOptionsType = 11, Relu = 1, Valid = 1;

    /// <summary>The model's flatbuffer (file identifier "TFL3").</summary>
    public static byte[] Build()
    {
        var b = new FlatBufferBuilder(4096);
        // Buffers: 0 is the empty one every non-constant tensor points at.
        int[] buffers =
        [
            Buffer(b, []),
            Buffer(b, Addend),
            Buffer(b, Filters),
            Buffer(b, Bias),
        ];
        int[] tensors =
        [
            Tensor(b, "x", [1, 2, 2, 3], 0),
            Tensor(b, "addend", [1, 2, 2, 3], 1),
            Tensor(b, "sum", [1, 2, 2, 3], 0),
            Tensor(b, "s", [1, 2, 2, 3], 0),
            Tensor(b, "filters", [2, 1, 1, 3], 2),
            Tensor(b, "bias", [2], 3),
            Tensor(b, "y", [1, 2, 2, 2], 0),
        ];

        // AddOptions { fused_activation_function (slot 0) }
        b.StartTable(2);
        b.AddSbyte(0, (sbyte)Relu, 0);
        int addOptions = b.EndTable();
        // Conv2DOptions { padding (0), stride_w (1), stride_h (2), fused_activation_function (3), dilation_w (4), dilation_h (5) }
        b.StartTable(6);
        b.AddSbyte(0, (sbyte)Valid, 0);
        b.AddInt(1, 1, 0);
        b.AddInt(2, 1, 0);
        b.AddInt(4, 1, 1);
        b.AddInt(5, 1, 1);
        int convOptions = b.EndTable();

        int[] operators =
        [
            Operator(b, 0, [0, 1], [2], AddOptionsType, addOptions),
            Operator(b, 1, [2], [3], 0, 0),
            Operator(b, 2, [3, 4, 5], [6], Conv2DOptionsType, convOptions),
        ];
        int[] codes = [OperatorCode(b, Add), OperatorCode(b, Logistic), OperatorCode(b, Conv2D)];

        int tensorVector = Tables(b, tensors);
        int inputs = Ints(b, [0]);
        int outputs = Ints(b, [3, 6]);
        int operatorVector = Tables(b, operators);
        int name = b.CreateString("main").Value;
        // SubGraph { tensors (0), inputs (1), outputs (2), operators (3), name (4) }
        b.StartTable(5);
        b.AddOffset(0, tensorVector, 0);
        b.AddOffset(1, inputs, 0);
        b.AddOffset(2, outputs, 0);
        b.AddOffset(3, operatorVector, 0);
        b.AddOffset(4, name, 0);
        int subgraph = b.EndTable();

        int codeVector = Tables(b, codes);
        int subgraphVector = Tables(b, [subgraph]);
        int description = b.CreateString("RobotEdge reference-check tiny model").Value;
        int bufferVector = Tables(b, buffers);
        // Model { version (0), operator_codes (1), subgraphs (2), description (3), buffers (4) }
        b.StartTable(5);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codeVector, 0);
        b.AddOffset(2, subgraphVector, 0);
        b.AddOffset(3, description, 0);
        b.AddOffset(4, bufferVector, 0);
        int model = b.EndTable();
        b.Finish(model, "TFL3");
        return b.SizedByteArray();
    }

    /// <summary>The two outputs for input <paramref name="x"/> (NHWC [1,2,2,3]), computed directly.</summary>
    public static (float[] S, float[] Y) Expected(float[] x)
    {
        var s = new float[12];
        for (int i = 0; i < 12; i++)
        {
            double sum = Math.Max(0, x[i] + Addend[i]);
            s[i] = (float)(1 / (1 + Math.Exp(-sum)));
        }

        var y = new float[8];
        for (int pixel = 0; pixel < 4; pixel++)
        {
            for (int o = 0; o < 2; o++)
            {
                double acc = Bias[o];
                for (int c = 0; c < 3; c++)
                {
                    acc += s[pixel * 3 + c] * Filters[o * 3 + c];
                }

                y[pixel * 2 + o] = (float)acc;
            }
        }

        return (s, y);
    }

    private static int Buffer(FlatBufferBuilder b, float[] values)
    {
        int data = 0;
        if (values.Length > 0)
        {
            byte[] bytes = new byte[values.Length * 4];
            System.Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            b.StartVector(1, bytes.Length, 16);
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                b.PutByte(bytes[i]);
            }

            data = b.EndVector().Value;
        }

        // Buffer { data (0) }
        b.StartTable(1);
        if (data != 0)
        {
            b.AddOffset(0, data, 0);
        }

        return b.EndTable();
    }

    private static int Tensor(FlatBufferBuilder b, string name, int[] shape, uint buffer)
    {
        int shapeVector = Ints(b, shape);
        int nameString = b.CreateString(name).Value;
        // Tensor { shape (0), type (1), buffer (2), name (3) }
        b.StartTable(4);
        b.AddOffset(0, shapeVector, 0);
        b.AddSbyte(1, 0, 0);
        b.AddUint(2, buffer, 0);
        b.AddOffset(3, nameString, 0);
        return b.EndTable();
    }

    private static int Operator(FlatBufferBuilder b, uint opcodeIndex, int[] inputs, int[] outputs, byte optionsType, int options)
    {
        int inputVector = Ints(b, inputs);
        int outputVector = Ints(b, outputs);
        // Operator { opcode_index (0), inputs (1), outputs (2), builtin_options_type (3), builtin_options (4) }
        b.StartTable(5);
        b.AddUint(0, opcodeIndex, 0);
        b.AddOffset(1, inputVector, 0);
        b.AddOffset(2, outputVector, 0);
        if (optionsType != 0)
        {
            b.AddByte(3, optionsType, 0);
            b.AddOffset(4, options, 0);
        }

        return b.EndTable();
    }

    private static int OperatorCode(FlatBufferBuilder b, int builtin)
    {
        // OperatorCode { deprecated_builtin_code (0, byte), custom_code (1), version (2), builtin_code (3, int) }
        b.StartTable(4);
        b.AddSbyte(0, (sbyte)builtin, 0);
        b.AddInt(2, 1, 1);
        b.AddInt(3, builtin, 0);
        return b.EndTable();
    }

    private static int Ints(FlatBufferBuilder b, int[] values)
    {
        b.StartVector(4, values.Length, 4);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            b.AddInt(values[i]);
        }

        return b.EndVector().Value;
    }

    private static int Tables(FlatBufferBuilder b, int[] tables)
    {
        b.StartVector(4, tables.Length, 4);
        for (int i = tables.Length - 1; i >= 0; i--)
        {
            b.AddOffset(tables[i]);
        }

        return b.EndVector().Value;
    }
}
