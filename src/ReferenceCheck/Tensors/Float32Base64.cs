using System.Runtime.InteropServices;

namespace RobotEdge.ReferenceCheck.Tensors;

/// <summary>
/// Float32 arrays as base64 of their little-endian bytes: how tensors cross between .NET and the
/// reference pages (Pages/tensor-transfer.js is the other side). Exact: no decimal rounding.
/// </summary>
public static class Float32Base64
{
    /// <summary>Encodes <paramref name="values"/>.</summary>
    public static string Encode(ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("tensor transfer assumes a little-endian machine");
        }

        return Convert.ToBase64String(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Decodes what <see cref="Encode"/> (or the page) produced.</summary>
    /// <exception cref="FormatException">Not base64, or not a whole number of floats.</exception>
    public static float[] Decode(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new FormatException($"{bytes.Length} bytes are not a whole number of float32 values");
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
