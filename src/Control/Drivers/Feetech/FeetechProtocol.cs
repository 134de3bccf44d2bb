namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Constants of the FEETECH serial bus servo protocol (SCS, STS and SMS series; "FEETECH Serial Bus
/// Smart Control Servo Communication Protocol Manual" v1.01). A packet is
/// <c>FF FF | ID | LEN | INSTRUCTION or ERROR | PARAMS… | CHECKSUM</c>, where LEN = parameters + 2
/// and CHECKSUM = ~(ID + LEN + INSTRUCTION/ERROR + PARAMS) &amp; 0xFF. Instruction and status packets
/// share the layout; the byte after LEN is the instruction in one and the error byte in the other.
/// </summary>
public static class FeetechProtocol
{
    /// <summary>Bytes before the instruction/error byte: two header bytes, id and length.</summary>
    public const int PrefixLength = 4;

    /// <summary>Smallest packet (no parameters): 6 bytes.</summary>
    public const int MinPacketLength = PrefixLength + 2;

    /// <summary>Largest number of parameters: the one-byte length field holds parameters + 2.</summary>
    public const int MaxParameterLength = byte.MaxValue - 2;

    /// <summary>Largest packet: 4 + 255 bytes.</summary>
    public const int MaxPacketLength = PrefixLength + byte.MaxValue;

    /// <summary>Header byte, sent twice.</summary>
    public const byte HeaderByte = 0xFF;

    /// <summary>Broadcast id (254): every servo executes the instruction; only Ping and Sync Read are answered.</summary>
    public const byte BroadcastId = 0xFE;

    /// <summary>Largest id a servo can have (253).</summary>
    public const byte MaxDeviceId = 0xFD;

    /// <summary>True for 0–253: the ids a single servo can be addressed by.</summary>
    public static bool IsDeviceId(byte id) => id <= MaxDeviceId;

    /// <summary>True for 0–253 and the broadcast id 254: the ids an instruction packet may carry.</summary>
    public static bool IsInstructionId(byte id) => id <= BroadcastId;

    /// <summary>Packet size for <paramref name="parameterLength"/> parameter bytes.</summary>
    public static int GetPacketLength(int parameterLength) => MinPacketLength + parameterLength;
}
