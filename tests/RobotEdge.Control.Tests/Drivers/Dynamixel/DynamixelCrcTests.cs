using RobotEdge.Control.Drivers.Dynamixel;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

public class DynamixelCrcTests
{
    [Theory]
    [MemberData(nameof(DynamixelManualExamples.AllPackets), MemberType = typeof(DynamixelManualExamples))]
    public void Crc_of_every_manual_example_matches_its_trailer(string packet)
    {
        byte[] bytes = Hex.Bytes(packet);
        ushort trailer = (ushort)(bytes[^2] | (bytes[^1] << 8));

        Assert.Equal(trailer, DynamixelCrc.Compute(bytes.AsSpan(0, bytes.Length - 2)));
        Assert.Equal(trailer, BitwiseReference(bytes.AsSpan(0, bytes.Length - 2)));
    }

    [Fact]
    public void Update_in_pieces_equals_compute_at_once()
    {
        byte[] bytes = Hex.Bytes(DynamixelManualExamples.SyncWriteGoalPosition150And170);
        ReadOnlySpan<byte> covered = bytes.AsSpan(0, bytes.Length - 2);

        ushort pieces = DynamixelCrc.Update(DynamixelCrc.Compute(covered[..5]), covered[5..]);

        Assert.Equal(DynamixelCrc.Compute(covered), pieces);
    }

    [Fact]
    public void Reflected_ibm_variant_does_not_match_the_manual_which_is_why_it_is_not_used()
    {
        byte[] bytes = Hex.Bytes(DynamixelManualExamples.PingId1);

        Assert.Equal(0x4E19, DynamixelCrc.Compute(bytes.AsSpan(0, 8)));
        Assert.NotEqual(0x4E19, ReflectedArc(bytes.AsSpan(0, 8)));
    }

    /// <summary>Bit-at-a-time CRC-16/UMTS, written independently of the table-driven implementation.</summary>
    private static ushort BitwiseReference(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return (ushort)crc;
    }

    /// <summary>CRC-16/ARC (reflected 0x8005, the usual "CRC-16 IBM").</summary>
    private static ushort ReflectedArc(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
            }
        }

        return (ushort)crc;
    }
}
