namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Constants of DYNAMIXEL Protocol 2.0 framing (ROBOTIS e-Manual, "Protocol 2.0", sections
/// Instruction Packet and Status Packet).
/// A packet is <c>FF FF FD 00 | ID | LEN_L LEN_H | INSTRUCTION | [ERROR] | PARAMS… | CRC_L CRC_H</c>;
/// LEN counts the instruction, error (status only), the byte-stuffed parameters and the two CRC bytes.
/// </summary>
public static class DynamixelProtocol
{
    /// <summary>Bytes before the instruction: three header bytes, the reserved byte, id and two length bytes.</summary>
    public const int PrefixLength = 7;

    /// <summary>Bytes of the CRC trailer.</summary>
    public const int CrcLength = 2;

    /// <summary>Smallest valid instruction packet (no parameters): 10 bytes.</summary>
    public const int MinInstructionPacketLength = PrefixLength + 1 + CrcLength;

    /// <summary>Smallest valid status packet (no parameters): 11 bytes.</summary>
    public const int MinStatusPacketLength = PrefixLength + 2 + CrcLength;

    /// <summary>Largest value of the 16-bit length field.</summary>
    public const int MaxLengthField = ushort.MaxValue;

    /// <summary>Largest packet the length field can describe: 7 + 65,535 bytes.</summary>
    public const int MaxPacketLength = PrefixLength + MaxLengthField;

    /// <summary>Broadcast id (254): every device executes the instruction; only Ping, Sync Read and Bulk Read are answered.</summary>
    public const byte BroadcastId = 0xFE;

    /// <summary>Largest id a device can have (252). 253 and 255 are never used, to keep them out of the header pattern.</summary>
    public const byte MaxDeviceId = 0xFC;

    /// <summary>The reserved byte that follows the three header bytes; the manual notes it is never 0xFD.</summary>
    public const byte Reserved = 0x00;

    /// <summary>The four bytes every packet starts with: FF FF FD and the reserved 00.</summary>
    public static ReadOnlySpan<byte> Header => [0xFF, 0xFF, 0xFD, 0x00];

    /// <summary>
    /// Size of the buffer that always holds an instruction packet with <paramref name="parameterLength"/>
    /// parameter bytes, counting the worst case of byte stuffing (one extra byte per three body bytes).
    /// </summary>
    public static int GetMaxInstructionPacketLength(int parameterLength) =>
        MinInstructionPacketLength + parameterLength + ((parameterLength + 1) / 3);

    /// <summary>As <see cref="GetMaxInstructionPacketLength"/>, for a status packet (which adds the error byte).</summary>
    public static int GetMaxStatusPacketLength(int parameterLength) =>
        MinStatusPacketLength + parameterLength + ((parameterLength + 2) / 3);

    /// <summary>True for 0–252: the ids a single device can be addressed by.</summary>
    public static bool IsDeviceId(byte id) => id <= MaxDeviceId;

    /// <summary>True for 0–252 and the broadcast id 254: the ids an instruction packet may carry.</summary>
    public static bool IsInstructionId(byte id) => id <= MaxDeviceId || id == BroadcastId;
}
