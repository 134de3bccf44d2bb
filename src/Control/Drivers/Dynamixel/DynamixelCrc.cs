namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// The CRC-16 of DYNAMIXEL Protocol 2.0 (e-Manual, "CRC Calculation"): polynomial 0x8005, not
/// reflected, initial value 0, no final XOR (the catalogue name is CRC-16/UMTS, also BUYPASS).
/// The manual calls it "CRC-16 (IBM/ANSI)", but the reflected IBM variant (CRC-16/ARC) does not
/// reproduce the manual's example packets; this one reproduces every one of them (see README).
/// It covers every byte from the first header byte to the last parameter, after byte stuffing, and
/// is sent low byte first. Allocation-free and real-time safe.
/// </summary>
public static class DynamixelCrc
{
    private const ushort Polynomial = 0x8005;

    /// <summary>Table of the CRC of each byte value shifted into the top of the register; built once.</summary>
    private static readonly ushort[] Table = BuildTable();

    /// <summary>CRC of <paramref name="data"/> starting from the initial value 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Update(0, data);

    /// <summary>Continues a CRC over more bytes, for packets assembled in pieces.</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ushort[] table = Table;
        foreach (byte b in data)
        {
            crc = (ushort)((crc << 8) ^ table[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int value = i << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 0x8000) != 0 ? (value << 1) ^ Polynomial : value << 1;
            }

            table[i] = (ushort)value;
        }

        return table;
    }
}
