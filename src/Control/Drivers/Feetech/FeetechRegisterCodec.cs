using System.Buffers.Binary;

namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Encodes and decodes two-byte memory-table values in the byte order of one servo family, and the
/// sign-and-magnitude form FEETECH uses for signed values (a direction bit above the magnitude:
/// bit 15 for STS speeds and goal positions, bit 11 for the position offset, bit 10 for load).
/// Allocation-free and real-time safe.
/// </summary>
public readonly struct FeetechRegisterCodec
{
    /// <summary>Creates a codec for the given byte order.</summary>
    public FeetechRegisterCodec(FeetechByteOrder byteOrder) => ByteOrder = byteOrder;

    /// <summary>Codec for STS and SMS servos (little-endian), e.g. the STS3215 of the SO-100/SO-101 arms.</summary>
    public static FeetechRegisterCodec Sts => new(FeetechByteOrder.LittleEndian);

    /// <summary>Codec for SCS servos (big-endian).</summary>
    public static FeetechRegisterCodec Scs => new(FeetechByteOrder.BigEndian);

    /// <summary>The byte order of two-byte values.</summary>
    public FeetechByteOrder ByteOrder { get; }

    /// <summary>Writes <paramref name="value"/> into the first two bytes of <paramref name="destination"/>.</summary>
    public void WriteUInt16(Span<byte> destination, ushort value)
    {
        if (ByteOrder == FeetechByteOrder.LittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
    }

    /// <summary>Reads a two-byte value at <paramref name="offset"/>; false when the bytes are not there.</summary>
    public bool TryReadUInt16(ReadOnlySpan<byte> source, int offset, out ushort value)
    {
        if (offset < 0 || offset > source.Length - 2)
        {
            value = 0;
            return false;
        }

        ReadOnlySpan<byte> bytes = source.Slice(offset, 2);
        value = ByteOrder == FeetechByteOrder.LittleEndian
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes)
            : BinaryPrimitives.ReadUInt16BigEndian(bytes);
        return true;
    }

    /// <summary>Writes a signed value in sign-and-magnitude form with the direction bit at <paramref name="signBit"/>.</summary>
    public void WriteSignMagnitude(Span<byte> destination, int value, int signBit) =>
        WriteUInt16(destination, EncodeSignMagnitude(value, signBit));

    /// <summary>Reads a sign-and-magnitude value at <paramref name="offset"/> with the direction bit at <paramref name="signBit"/>.</summary>
    public bool TryReadSignMagnitude(ReadOnlySpan<byte> source, int offset, int signBit, out int value)
    {
        bool ok = TryReadUInt16(source, offset, out ushort raw);
        value = ok ? DecodeSignMagnitude(raw, signBit) : 0;
        return ok;
    }

    /// <summary>
    /// Sign-and-magnitude encoding: the magnitude in the bits below <paramref name="signBit"/>
    /// (saturated to <c>2^signBit − 1</c>), the direction bit set for negative values.
    /// </summary>
    /// <param name="value">Signed value.</param>
    /// <param name="signBit">Position of the direction bit, 1–15.</param>
    public static ushort EncodeSignMagnitude(int value, int signBit)
    {
        RequireSignBit(signBit);
        int maxMagnitude = (1 << signBit) - 1;
        int magnitude = (int)Math.Min(Math.Abs((long)value), maxMagnitude);
        return (ushort)(value < 0 ? magnitude | (1 << signBit) : magnitude);
    }

    /// <summary>Decodes sign-and-magnitude; bits above <paramref name="signBit"/> are ignored, and "negative zero" is 0.</summary>
    public static int DecodeSignMagnitude(ushort raw, int signBit)
    {
        RequireSignBit(signBit);
        int magnitude = raw & ((1 << signBit) - 1);
        return (raw & (1 << signBit)) != 0 ? -magnitude : magnitude;
    }

    private static void RequireSignBit(int signBit)
    {
        if (signBit < 1 || signBit > 15)
        {
            DriverThrowHelper.OutOfRange(nameof(signBit), signBit, "The direction bit of a two-byte value is bit 1–15.");
        }
    }
}
