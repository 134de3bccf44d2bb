using System.Text;
using Google.FlatBuffers;

namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// Reads a TFLite flatbuffer (TFLite's published schema.fbs, file identifier "TFL3") into a
/// <see cref="TfliteModel"/>. Constant data stays a slice of the caller's byte array (no copy).
/// Import time only; not real-time safe.
/// </summary>
internal static class TfliteModelReader
{
    /// <summary>
    /// Parses <paramref name="file"/>. Throws <see cref="InvalidDataException"/> when the bytes are
    /// not a well-formed TFLite model (wrong identifier, offsets or indices outside the file).
    /// </summary>
    public static TfliteModel Read(byte[] file)
    {
        if (file.Length < 8 || Encoding.ASCII.GetString(file, 4, 4) != TfliteSchema.FileIdentifier)
        {
            throw new InvalidDataException($"not a TFLite model: the file identifier at byte 4 is not \"{TfliteSchema.FileIdentifier}\"");
        }

        try
        {
            return ReadChecked(file);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"malformed TFLite flatbuffer: {e.Message}", e);
        }
    }

    private static TfliteModel ReadChecked(byte[] file)
    {
        var buffer = new ByteBuffer(file);
        var model = new FlatTable(buffer.GetInt(0), buffer);

        int codeCount = model.GetVectorLength(TfliteSchema.Model.OperatorCodes);
        var codes = new (int Builtin, string? Custom)[codeCount];
        for (int i = 0; i < codeCount; i++)
        {
            var code = model.GetTableElement(TfliteSchema.Model.OperatorCodes, i);
            // Codes above 127 live only in builtin_code; older files fill only the deprecated byte.
            // The schema's rule: the real code is the larger of the two.
            int deprecated = (sbyte)code.GetByte(TfliteSchema.OperatorCode.DeprecatedBuiltinCode);
            int builtin = Math.Max(deprecated, code.GetInt(TfliteSchema.OperatorCode.BuiltinCode));
            codes[i] = (builtin, builtin == 32 ? code.GetString(TfliteSchema.OperatorCode.CustomCode) ?? "" : null);
        }

        var buffers = ReadBuffers(model, file);

        if (model.GetVectorLength(TfliteSchema.Model.Subgraphs) < 1)
        {
            throw new InvalidDataException("the TFLite model has no subgraph");
        }

        var graph = model.GetTableElement(TfliteSchema.Model.Subgraphs, 0);
        int tensorCount = graph.GetVectorLength(TfliteSchema.SubGraph.Tensors);
        var tensors = new TfliteTensor[tensorCount];
        for (int i = 0; i < tensorCount; i++)
        {
            tensors[i] = ReadTensor(i, graph.GetTableElement(TfliteSchema.SubGraph.Tensors, i), buffers);
        }

        int operatorCount = graph.GetVectorLength(TfliteSchema.SubGraph.Operators);
        var operators = new TfliteOperator[operatorCount];
        for (int i = 0; i < operatorCount; i++)
        {
            var op = graph.GetTableElement(TfliteSchema.SubGraph.Operators, i);
            uint codeIndex = op.GetUInt(TfliteSchema.Operator.OpcodeIndex);
            if (codeIndex >= codes.Length)
            {
                throw new InvalidDataException($"operator #{i} names operator code {codeIndex}, but the model has {codes.Length}");
            }

            int[] inputs = CheckIndices(op.GetIntVector(TfliteSchema.Operator.Inputs), tensorCount, $"operator #{i} input");
            int[] outputs = CheckIndices(op.GetIntVector(TfliteSchema.Operator.Outputs), tensorCount, $"operator #{i} output");
            var options = op.GetTable(TfliteSchema.Operator.BuiltinOptions);
            operators[i] = new TfliteOperator(i, codes[codeIndex].Builtin, codes[codeIndex].Custom, inputs, outputs, options);
        }

        int[] graphInputs = CheckIndices(graph.GetIntVector(TfliteSchema.SubGraph.Inputs), tensorCount, "subgraph input");
        int[] graphOutputs = CheckIndices(graph.GetIntVector(TfliteSchema.SubGraph.Outputs), tensorCount, "subgraph output");
        return new TfliteModel(tensors, operators, graphInputs, graphOutputs, model.GetString(TfliteSchema.Model.Description));
    }

    private static ReadOnlyMemory<byte>[] ReadBuffers(FlatTable model, byte[] file)
    {
        int count = model.GetVectorLength(TfliteSchema.Model.Buffers);
        var buffers = new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < count; i++)
        {
            var buffer = model.GetTableElement(TfliteSchema.Model.Buffers, i);
            var (start, length) = buffer.GetByteVectorRange(TfliteSchema.Buffer.Data);
            if (length > 0)
            {
                buffers[i] = new ReadOnlyMemory<byte>(file, start, length);
                continue;
            }

            // Files over 2 GB keep constants after the flatbuffer, addressed by offset/size from the file start.
            ulong offset = buffer.GetULong(TfliteSchema.Buffer.Offset);
            ulong size = buffer.GetULong(TfliteSchema.Buffer.Size);
            if (offset > 1 && size > 0)
            {
                if (offset + size > (ulong)file.Length)
                {
                    throw new InvalidDataException($"buffer {i} (offset {offset}, {size} bytes) runs past the end of the file");
                }

                buffers[i] = new ReadOnlyMemory<byte>(file, (int)offset, (int)size);
            }
        }

        return buffers;
    }

    private static TfliteTensor ReadTensor(int index, FlatTable tensor, ReadOnlyMemory<byte>[] buffers)
    {
        string name = tensor.GetString(TfliteSchema.Tensor.Name) ?? $"tensor_{index}";
        int[] shape = tensor.GetIntVector(TfliteSchema.Tensor.Shape);
        var type = (TfliteTensorType)tensor.GetByte(TfliteSchema.Tensor.Type);
        uint bufferIndex = tensor.GetUInt(TfliteSchema.Tensor.Buffer);
        if (bufferIndex >= buffers.Length && bufferIndex != 0)
        {
            throw new InvalidDataException($"tensor '{name}' names buffer {bufferIndex}, but the model has {buffers.Length}");
        }

        var data = bufferIndex < buffers.Length ? buffers[bufferIndex] : ReadOnlyMemory<byte>.Empty;
        bool quantized = tensor.GetTable(TfliteSchema.Tensor.Quantization) is { } q && q.GetVectorLength(TfliteSchema.Quantization.Scale) > 0;
        var sparsity = tensor.GetTable(TfliteSchema.Tensor.Sparsity) is { } s ? ReadSparsity(s) : null;
        return new TfliteTensor(index, name, shape, type, data, quantized, sparsity);
    }

    private static TfliteSparsity ReadSparsity(FlatTable sparsity)
    {
        int[] order = sparsity.GetIntVector(TfliteSchema.Sparsity.TraversalOrder);
        int[] blockMap = sparsity.GetIntVector(TfliteSchema.Sparsity.BlockMap);
        int count = sparsity.GetVectorLength(TfliteSchema.Sparsity.DimMetadata);
        var dims = new TfliteDimensionMetadata[count];
        for (int i = 0; i < count; i++)
        {
            var dim = sparsity.GetTableElement(TfliteSchema.Sparsity.DimMetadata, i);
            bool sparse = dim.GetByte(TfliteSchema.DimensionMetadata.Format) == TfliteSchema.DimensionMetadata.SparseCsr;
            int denseSize = dim.GetInt(TfliteSchema.DimensionMetadata.DenseSize);
            int[] segments = sparse ? ReadIndexVector(dim, TfliteSchema.DimensionMetadata.ArraySegmentsType, TfliteSchema.DimensionMetadata.ArraySegments) : [];
            int[] indices = sparse ? ReadIndexVector(dim, TfliteSchema.DimensionMetadata.ArrayIndicesType, TfliteSchema.DimensionMetadata.ArrayIndices) : [];
            dims[i] = new TfliteDimensionMetadata(sparse, denseSize, segments, indices);
        }

        return new TfliteSparsity(order, blockMap, dims);
    }

    private static int[] ReadIndexVector(FlatTable dim, int typeSlot, int valueSlot)
    {
        byte type = dim.GetByte(typeSlot);
        var vector = dim.GetTable(valueSlot) ?? throw new InvalidDataException("a sparse dimension lacks its segments or indices");
        return type switch
        {
            TfliteSchema.SparseIndexVector.Int32Vector => vector.GetIntVector(TfliteSchema.SparseIndexVector.Values),
            TfliteSchema.SparseIndexVector.Uint16Vector => vector.GetUShortVector(TfliteSchema.SparseIndexVector.Values),
            TfliteSchema.SparseIndexVector.Uint8Vector => vector.GetByteVectorAsInts(TfliteSchema.SparseIndexVector.Values),
            _ => throw new InvalidDataException($"sparse index vector type {type} is not one of Int32Vector, Uint16Vector, Uint8Vector"),
        };
    }

    private static int[] CheckIndices(int[] indices, int tensorCount, string what)
    {
        foreach (int t in indices)
        {
            if (t < -1 || t >= tensorCount)
            {
                throw new InvalidDataException($"{what} names tensor {t}, but the subgraph has {tensorCount}");
            }
        }

        return indices;
    }
}
