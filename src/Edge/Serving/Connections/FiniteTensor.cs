using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// The check a float32 tensor passes before it reaches the model: every value finite. A NaN or
/// ±Inf in the input makes the network's output NaN, which the heatmap decoder turned into a pose
/// with confidence 1.0; such a request is refused with a reason instead.
/// </summary>
internal static class FiniteTensor
{
    /// <summary>The exponent bits of an IEEE 754 single: all ones exactly for NaN and ±Inf.</summary>
    private const uint ExponentMask = 0x7F80_0000;

    /// <summary>
    /// The index of the first value of <paramref name="float32LittleEndian"/> that is NaN or ±Inf, or
    /// -1 when all are finite. Any length (a trailing partial value is ignored); SIMD over the bits, no
    /// allocation; a 440 KB tensor takes some tens of microseconds.
    /// </summary>
    public static int IndexOfNonFinite(ReadOnlySpan<byte> float32LittleEndian)
    {
        ReadOnlySpan<uint> bits = MemoryMarshal.Cast<byte, uint>(float32LittleEndian);
        int i = 0;
        if (BitConverter.IsLittleEndian && Vector.IsHardwareAccelerated && bits.Length >= Vector<uint>.Count)
        {
            var mask = new Vector<uint>(ExponentMask);
            for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                if (Vector.EqualsAny(new Vector<uint>(bits.Slice(i, Vector<uint>.Count)) & mask, mask))
                {
                    break;
                }
            }
        }

        for (; i < bits.Length; i++)
        {
            uint value = BitConverter.IsLittleEndian ? bits[i] : BinaryPrimitives.ReverseEndianness(bits[i]);
            if ((value & ExponentMask) == ExponentMask)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How a refusal names the value at <paramref name="index"/>: <c>NaN</c>, <c>+Inf</c> or <c>-Inf</c>.</summary>
    public static string Describe(ReadOnlySpan<byte> float32LittleEndian, int index)
    {
        float value = BinaryPrimitives.ReadSingleLittleEndian(float32LittleEndian.Slice(index * sizeof(float), sizeof(float)));
        return float.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    }
}
