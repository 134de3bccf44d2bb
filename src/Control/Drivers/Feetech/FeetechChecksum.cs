namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// The FEETECH packet checksum: the bitwise inverse of the low byte of the sum of every byte from
/// the id to the last parameter (the two header bytes are excluded). It is one byte, so about one
/// random corruption in 256 passes it: callers also check id and length against what they asked for.
/// Allocation-free and real-time safe.
/// </summary>
public static class FeetechChecksum
{
    /// <summary>Checksum of <paramref name="idThroughLastParameter"/> (id, length, instruction/error, parameters).</summary>
    public static byte Compute(ReadOnlySpan<byte> idThroughLastParameter)
    {
        int sum = 0;
        foreach (byte b in idThroughLastParameter)
        {
            sum += b;
        }

        return (byte)~sum;
    }
}
