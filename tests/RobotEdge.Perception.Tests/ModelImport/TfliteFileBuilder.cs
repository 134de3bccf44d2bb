using System.Buffers.Binary;
using Google.FlatBuffers;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>
/// Writes small TFLite flatbuffers for tests with Google.FlatBuffers' <see cref="FlatBufferBuilder"/>,
/// field by field in the slots of TFLite's published schema.fbs (written independently of the
/// importer's reader, so a slot mistake on either side shows up as a wrong answer).
/// </summary>
internal sealed class TfliteFileBuilder
{
    // schema.fbs TensorType values.
    public const byte Float32 = 0;
    public const byte Float16 = 1;
    public const byte Int32 = 2;
    public const byte Int8 = 9;

    // schema.fbs BuiltinOperator codes.
    public const int Add = 0;
    public const int Concatenation = 2;
    public const int Conv2D = 3;
    public const int DepthwiseConv2D = 4;
    public const int DepthToSpace = 5;
    public const int Dequantize = 6;
    public const int Logistic = 14;
    public const int MaxPool2D = 17;
    public const int Mul = 18;
    public const int Reshape = 22;
    public const int ResizeBilinear = 23;
    public const int Pad = 34;
    public const int Densify = 124;

    // schema.fbs BuiltinOptions union values.
    public const byte Conv2DOptions = 1;
    public const byte DepthwiseConv2DOptions = 2;
    public const byte Pool2DOptions = 5;
    public const byte ConcatenationOptions = 10;
    public const byte AddOptions = 11;
    public const byte ResizeBilinearOptions = 15;
    public const byte ReshapeOptions = 17;
    public const byte MulOptions = 21;
    public const byte PadOptions = 22;
    public const byte DequantizeOptions = 38;
    public const byte DepthToSpaceOptions = 94;
    public const byte DensifyOptions = 99;

    private readonly List<TensorSpec> tensors = [];
    private readonly List<OperatorSpec> operators = [];
    private readonly List<int> inputs = [];
    private readonly List<int> outputs = [];

    /// <summary>A float32 model input.</summary>
    public int Input(string name, params int[] shape)
    {
        int t = Tensor(name, shape);
        inputs.Add(t);
        return t;
    }

    /// <summary>A float32 tensor computed by an operator.</summary>
    public int Tensor(string name, params int[] shape) => AddTensor(new TensorSpec(name, shape, Float32, null, null, false));

    /// <summary>A float32 constant.</summary>
    public int Constant(string name, int[] shape, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return AddTensor(new TensorSpec(name, shape, Float32, bytes, null, false));
    }

    /// <summary>A float16 constant (TFLite's half-precision weights), optionally stored sparse.</summary>
    public int HalfConstant(string name, int[] shape, float[] storedValues, SparsitySpec? sparsity = null)
    {
        var bytes = new byte[storedValues.Length * 2];
        for (int i = 0; i < storedValues.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)storedValues[i]);
        }

        return AddTensor(new TensorSpec(name, shape, Float16, bytes, sparsity, false));
    }

    /// <summary>An int32 constant (paddings, sizes, shapes).</summary>
    public int IntConstant(string name, int[] shape, int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return AddTensor(new TensorSpec(name, shape, Int32, bytes, null, false));
    }

    /// <summary>A tensor of any type with quantization parameters (for refusal tests).</summary>
    public int QuantizedTensor(string name, byte type, params int[] shape) => AddTensor(new TensorSpec(name, shape, type, null, null, true));

    /// <summary>An operator; <paramref name="options"/> writes its options table (or null for none).</summary>
    public void Operator(int builtinCode, int[] operatorInputs, int[] operatorOutputs, byte optionsType = 0, Func<FlatBufferBuilder, int>? options = null) =>
        operators.Add(new OperatorSpec(builtinCode, operatorInputs, operatorOutputs, optionsType, options));

    /// <summary>Marks a tensor as a model output (in call order).</summary>
    public void Output(int tensor) => outputs.Add(tensor);

    /// <summary>The flatbuffer with identifier "TFL3".</summary>
    public byte[] Build()
    {
        var b = new FlatBufferBuilder(1024);

        // Buffers: 0 is the empty buffer by convention; each constant gets its own.
        var bufferOffsets = new List<int> { EmptyTable(b) };
        var bufferOf = new int[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            if (tensors[i].Data is { } data)
            {
                var vector = ByteVector(b, data);
                b.StartTable(3);
                b.AddOffset(0, vector.Value, 0);
                bufferOffsets.Add(b.EndTable());
                bufferOf[i] = bufferOffsets.Count - 1;
            }
        }

        var tensorOffsets = new int[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            var spec = tensors[i];
            var name = b.CreateString(spec.Name);
            var shape = IntVector(b, spec.Shape);
            int quantization = 0;
            if (spec.Quantized)
            {
                var scale = FloatVector(b, [0.5f]);
                var zero = LongVector(b, [0]);
                b.StartTable(7);
                b.AddOffset(2, scale.Value, 0);
                b.AddOffset(3, zero.Value, 0);
                quantization = b.EndTable();
            }

            int sparsity = spec.Sparsity is { } s ? WriteSparsity(b, s) : 0;
            b.StartTable(8);
            b.AddOffset(0, shape.Value, 0);
            b.AddByte(1, spec.Type, 0);
            b.AddUint(2, (uint)bufferOf[i], 0);
            b.AddOffset(3, name.Value, 0);
            if (quantization != 0)
            {
                b.AddOffset(4, quantization, 0);
            }

            if (sparsity != 0)
            {
                b.AddOffset(6, sparsity, 0);
            }

            tensorOffsets[i] = b.EndTable();
        }

        var codes = new List<int>();
        var operatorOffsets = new int[operators.Count];
        for (int i = 0; i < operators.Count; i++)
        {
            var spec = operators[i];
            int codeIndex = codes.IndexOf(spec.Code);
            if (codeIndex < 0)
            {
                codes.Add(spec.Code);
                codeIndex = codes.Count - 1;
            }

            int options = spec.Options?.Invoke(b) ?? 0;
            var opInputs = IntVector(b, spec.Inputs);
            var opOutputs = IntVector(b, spec.Outputs);
            b.StartTable(5);
            b.AddUint(0, (uint)codeIndex, 0);
            b.AddOffset(1, opInputs.Value, 0);
            b.AddOffset(2, opOutputs.Value, 0);
            b.AddByte(3, spec.OptionsType, 0);
            if (options != 0)
            {
                b.AddOffset(4, options, 0);
            }

            operatorOffsets[i] = b.EndTable();
        }

        var codeOffsets = new int[codes.Count];
        for (int i = 0; i < codes.Count; i++)
        {
            b.StartTable(4);
            // deprecated_builtin_code holds codes up to 127; newer codes put the placeholder 127 there.
            b.AddSbyte(0, (sbyte)Math.Min(codes[i], 127), 0);
            b.AddInt(2, 1, 0);
            b.AddInt(3, codes[i], 0);
            codeOffsets[i] = b.EndTable();
        }

        var tensorVector = TableVector(b, tensorOffsets);
        var graphInputs = IntVector(b, [.. inputs]);
        var graphOutputs = IntVector(b, [.. outputs]);
        var operatorVector = TableVector(b, operatorOffsets);
        var graphName = b.CreateString("main");
        b.StartTable(5);
        b.AddOffset(0, tensorVector.Value, 0);
        b.AddOffset(1, graphInputs.Value, 0);
        b.AddOffset(2, graphOutputs.Value, 0);
        b.AddOffset(3, operatorVector.Value, 0);
        b.AddOffset(4, graphName.Value, 0);
        int subgraph = b.EndTable();

        var codeVector = TableVector(b, codeOffsets);
        var subgraphVector = TableVector(b, [subgraph]);
        var description = b.CreateString("RobotEdge test model");
        var bufferVector = TableVector(b, [.. bufferOffsets]);
        b.StartTable(5);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codeVector.Value, 0);
        b.AddOffset(2, subgraphVector.Value, 0);
        b.AddOffset(3, description.Value, 0);
        b.AddOffset(4, bufferVector.Value, 0);
        int model = b.EndTable();
        b.Finish(model, "TFL3");
        return b.SizedByteArray();
    }

    /// <summary>Conv2DOptions (slots: padding, stride_w, stride_h, activation, dilation_w, dilation_h).</summary>
    public static Func<FlatBufferBuilder, int> ConvOptions(byte padding, int strideW, int strideH, byte activation = 0, int dilationW = 1, int dilationH = 1) => b =>
    {
        b.StartTable(6);
        b.AddByte(0, padding, 0);
        b.AddInt(1, strideW, 0);
        b.AddInt(2, strideH, 0);
        b.AddByte(3, activation, 0);
        b.AddInt(4, dilationW, 1);
        b.AddInt(5, dilationH, 1);
        return b.EndTable();
    };

    /// <summary>DepthwiseConv2DOptions (slots: padding, stride_w, stride_h, depth_multiplier, activation, dilation_w, dilation_h).</summary>
    public static Func<FlatBufferBuilder, int> DepthwiseOptions(byte padding, int strideW, int strideH, int multiplier, byte activation = 0) => b =>
    {
        b.StartTable(7);
        b.AddByte(0, padding, 0);
        b.AddInt(1, strideW, 0);
        b.AddInt(2, strideH, 0);
        b.AddInt(3, multiplier, 0);
        b.AddByte(4, activation, 0);
        return b.EndTable();
    };

    /// <summary>Pool2DOptions (slots: padding, stride_w, stride_h, filter_width, filter_height, activation).</summary>
    public static Func<FlatBufferBuilder, int> PoolOptions(byte padding, int stride, int filter, byte activation = 0) => b =>
    {
        b.StartTable(6);
        b.AddByte(0, padding, 0);
        b.AddInt(1, stride, 0);
        b.AddInt(2, stride, 0);
        b.AddInt(3, filter, 0);
        b.AddInt(4, filter, 0);
        b.AddByte(5, activation, 0);
        return b.EndTable();
    };

    /// <summary>A table whose first slot is a fused activation (AddOptions, MulOptions).</summary>
    public static Func<FlatBufferBuilder, int> ActivationOptions(byte activation) => b =>
    {
        b.StartTable(2);
        b.AddByte(0, activation, 0);
        return b.EndTable();
    };

    /// <summary>ConcatenationOptions (slots: axis, activation).</summary>
    public static Func<FlatBufferBuilder, int> ConcatOptions(int axis, byte activation = 0) => b =>
    {
        b.StartTable(2);
        b.AddInt(0, axis, 0);
        b.AddByte(1, activation, 0);
        return b.EndTable();
    };

    /// <summary>ResizeBilinearOptions (slots 2 and 3: align_corners, half_pixel_centers).</summary>
    public static Func<FlatBufferBuilder, int> ResizeOptions(bool alignCorners, bool halfPixelCenters) => b =>
    {
        b.StartTable(4);
        b.AddBool(2, alignCorners, false);
        b.AddBool(3, halfPixelCenters, false);
        return b.EndTable();
    };

    /// <summary>DepthToSpaceOptions (slot 0: block_size).</summary>
    public static Func<FlatBufferBuilder, int> BlockOptions(int blockSize) => b =>
    {
        b.StartTable(1);
        b.AddInt(0, blockSize, 0);
        return b.EndTable();
    };

    /// <summary>An options table without fields (PadOptions, DequantizeOptions, DensifyOptions, ReshapeOptions without new_shape).</summary>
    public static Func<FlatBufferBuilder, int> NoOptions() => EmptyTable;

    private int AddTensor(TensorSpec spec)
    {
        tensors.Add(spec);
        return tensors.Count - 1;
    }

    private static int EmptyTable(FlatBufferBuilder b)
    {
        b.StartTable(0);
        return b.EndTable();
    }

    private static int WriteSparsity(FlatBufferBuilder b, SparsitySpec s)
    {
        var dims = new int[s.Dimensions.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            var d = s.Dimensions[i];
            int segments = 0, indices = 0;
            if (d.Segments is { } seg)
            {
                // Segments as Int32Vector (union type 1), indices as Uint8Vector (type 3): both encodings exercised.
                var segValues = IntVector(b, seg);
                b.StartTable(1);
                b.AddOffset(0, segValues.Value, 0);
                segments = b.EndTable();
                var idxValues = ByteVector(b, Array.ConvertAll(d.Indices!, v => (byte)v));
                b.StartTable(1);
                b.AddOffset(0, idxValues.Value, 0);
                indices = b.EndTable();
            }

            b.StartTable(6);
            b.AddByte(0, (byte)(d.Segments is null ? 0 : 1), 0);
            b.AddInt(1, d.DenseSize, 0);
            if (segments != 0)
            {
                b.AddByte(2, 1, 0);
                b.AddOffset(3, segments, 0);
                b.AddByte(4, 3, 0);
                b.AddOffset(5, indices, 0);
            }

            dims[i] = b.EndTable();
        }

        var order = IntVector(b, s.TraversalOrder);
        var blockMap = IntVector(b, s.BlockMap);
        var dimVector = TableVector(b, dims);
        b.StartTable(3);
        b.AddOffset(0, order.Value, 0);
        b.AddOffset(1, blockMap.Value, 0);
        b.AddOffset(2, dimVector.Value, 0);
        return b.EndTable();
    }

    private static VectorOffset IntVector(FlatBufferBuilder b, int[] values)
    {
        b.StartVector(4, values.Length, 4);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            b.AddInt(values[i]);
        }

        return b.EndVector();
    }

    private static VectorOffset LongVector(FlatBufferBuilder b, long[] values)
    {
        b.StartVector(8, values.Length, 8);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            b.AddLong(values[i]);
        }

        return b.EndVector();
    }

    private static VectorOffset FloatVector(FlatBufferBuilder b, float[] values)
    {
        b.StartVector(4, values.Length, 4);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            b.AddFloat(values[i]);
        }

        return b.EndVector();
    }

    private static VectorOffset ByteVector(FlatBufferBuilder b, byte[] values)
    {
        b.StartVector(1, values.Length, 16);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            b.AddByte(values[i]);
        }

        return b.EndVector();
    }

    private static VectorOffset TableVector(FlatBufferBuilder b, int[] tables)
    {
        b.StartVector(4, tables.Length, 4);
        for (int i = tables.Length - 1; i >= 0; i--)
        {
            b.AddOffset(tables[i]);
        }

        return b.EndVector();
    }

    private sealed record TensorSpec(string Name, int[] Shape, byte Type, byte[]? Data, SparsitySpec? Sparsity, bool Quantized);

    private sealed record OperatorSpec(int Code, int[] Inputs, int[] Outputs, byte OptionsType, Func<FlatBufferBuilder, int>? Options);
}

/// <summary>A sparse constant's layout as schema.fbs's SparsityParameters.</summary>
internal sealed record SparsitySpec(int[] TraversalOrder, int[] BlockMap, SparseDimension[] Dimensions);

/// <summary>One traversed dimension: dense of <paramref name="DenseSize"/>, or CSR with segments and indices.</summary>
internal sealed record SparseDimension(int DenseSize, int[]? Segments = null, int[]? Indices = null);
