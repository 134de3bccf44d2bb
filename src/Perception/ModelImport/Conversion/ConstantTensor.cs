using System.Buffers.Binary;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>
/// A constant known at conversion time, in TFLite's layout (row-major over <see cref="Shape"/>):
/// float weights (float16 widened to float32, sparse storage densified) or integer parameters.
/// </summary>
internal sealed class ConstantTensor
{
    private ConstantTensor(int[] shape, float[]? floats, long[]? integers, TfliteTensorType storedType)
    {
        Shape = shape;
        Floats = floats;
        Integers = integers;
        StoredType = storedType;
    }

    /// <summary>TFLite shape.</summary>
    public int[] Shape { get; }

    /// <summary>The values of a floating-point constant, row-major; null for an integer constant.</summary>
    public float[]? Floats { get; }

    /// <summary>The values of an integer constant, row-major; null for a floating-point constant.</summary>
    public long[]? Integers { get; }

    /// <summary>The element type in the file (Float16 weights are held widened in <see cref="Floats"/>).</summary>
    public TfliteTensorType StoredType { get; }

    /// <summary>A float32 constant computed by the converter.</summary>
    public static ConstantTensor FromFloats(int[] shape, float[] values) => new(shape, values, null, TfliteTensorType.Float32);

    /// <summary>
    /// Decodes a constant tensor's buffer. Throws <see cref="NotSupportedException"/> for element
    /// types the importer does not handle (quantized integers, strings …) and
    /// <see cref="InvalidDataException"/> when the buffer's size disagrees with the shape.
    /// </summary>
    public static ConstantTensor Read(TfliteTensor tensor)
    {
        int elementSize = tensor.Type switch
        {
            TfliteTensorType.Float32 or TfliteTensorType.Int32 => 4,
            TfliteTensorType.Float16 => 2,
            TfliteTensorType.Int64 => 8,
            _ => throw new NotSupportedException($"constant tensor '{tensor.Name}' has element type {tensor.Type}; only float32, float16, int32 and int64 constants are supported"),
        };
        if (tensor.IsQuantized)
        {
            throw new NotSupportedException($"constant tensor '{tensor.Name}' is quantized; quantized models are not supported");
        }

        var bytes = tensor.Data.Span;
        if (bytes.Length % elementSize != 0)
        {
            throw new InvalidDataException($"constant tensor '{tensor.Name}' holds {bytes.Length} bytes, not a whole number of {tensor.Type} elements");
        }

        int stored = bytes.Length / elementSize;
        long dense = tensor.ElementCount;
        int[]? positions = null;
        if (tensor.Sparsity is { } sparsity)
        {
            positions = SparseTensorDensifier.DenseIndices(sparsity, tensor.Shape, stored);
        }
        else if (stored != dense)
        {
            throw new InvalidDataException($"constant tensor '{tensor.Name}' of shape [{string.Join(',', tensor.Shape)}] holds {stored} elements");
        }

        bool isFloat = tensor.Type is TfliteTensorType.Float32 or TfliteTensorType.Float16;
        var floats = isFloat ? new float[dense] : null;
        var integers = isFloat ? null : new long[dense];
        for (int i = 0; i < stored; i++)
        {
            int target = positions is null ? i : positions[i];
            var element = bytes.Slice(i * elementSize, elementSize);
            switch (tensor.Type)
            {
                case TfliteTensorType.Float32:
                    floats![target] = BinaryPrimitives.ReadSingleLittleEndian(element);
                    break;
                case TfliteTensorType.Float16:
                    floats![target] = (float)BinaryPrimitives.ReadHalfLittleEndian(element);
                    break;
                case TfliteTensorType.Int32:
                    integers![target] = BinaryPrimitives.ReadInt32LittleEndian(element);
                    break;
                default:
                    integers![target] = BinaryPrimitives.ReadInt64LittleEndian(element);
                    break;
            }
        }

        return new ConstantTensor(tensor.Shape, floats, integers, tensor.Type);
    }

    /// <summary>The float values, or an exception naming <paramref name="what"/> for an integer constant.</summary>
    public float[] RequireFloats(string what) =>
        Floats ?? throw new NotSupportedException($"{what} must be a floating-point constant, not {StoredType}");

    /// <summary>The integer values, or an exception naming <paramref name="what"/> for a float constant.</summary>
    public long[] RequireIntegers(string what) =>
        Integers ?? throw new NotSupportedException($"{what} must be an integer constant, not {StoredType}");
}
