using System.Buffers.Binary;

namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Encodes Protocol 2.0 packets into a caller-provided buffer: header, id, length, instruction,
/// parameters, byte stuffing, CRC. Every method returns the number of bytes written from the start
/// of <c>destination</c>; size buffers with <see cref="DynamixelProtocol.GetMaxInstructionPacketLength"/>.
/// Control-table addresses, lengths and values are little-endian on the wire.
/// Allocation-free and real-time safe. Invalid arguments (an id out of range, a destination too
/// small, mismatched data lengths) are programming errors and throw <see cref="ArgumentException"/>.
/// </summary>
public static partial class DynamixelPacketWriter
{
    /// <summary>Any instruction packet, from raw (unstuffed) parameters.</summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="id">0–252, or <see cref="DynamixelProtocol.BroadcastId"/>.</param>
    /// <param name="instruction">The instruction byte.</param>
    /// <param name="parameters">Raw parameters; stuffing is applied here.</param>
    public static int Instruction(Span<byte> destination, byte id, DynamixelInstruction instruction, ReadOnlySpan<byte> parameters)
    {
        Span<byte> body = BeginInstruction(destination, id, instruction, parameters.Length);
        parameters.CopyTo(body);
        return Finish(destination, id, 1 + parameters.Length);
    }

    /// <summary>Ping: asks a device (or every device, with the broadcast id) for model number and firmware version.</summary>
    public static int Ping(Span<byte> destination, byte id) =>
        Instruction(destination, id, DynamixelInstruction.Ping, default);

    /// <summary>Read: asks for <paramref name="length"/> bytes from <paramref name="address"/>.</summary>
    /// <param name="destination">Receives the packet (14 bytes, or 15 with stuffing).</param>
    /// <param name="id">0–252.</param>
    /// <param name="address">First control-table address.</param>
    /// <param name="length">Bytes to read, 1–65,535.</param>
    public static int Read(Span<byte> destination, byte id, ushort address, ushort length)
    {
        RequireDeviceId(id, nameof(id));
        Span<byte> body = BeginInstruction(destination, id, DynamixelInstruction.Read, 4);
        BinaryPrimitives.WriteUInt16LittleEndian(body, address);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], length);
        return Finish(destination, id, 5);
    }

    /// <summary>Write: writes <paramref name="data"/> from <paramref name="address"/>; executed on receipt.</summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="id">0–252, or broadcast (no device answers a broadcast write).</param>
    /// <param name="address">First control-table address.</param>
    /// <param name="data">Bytes to write, little-endian values, at least one byte.</param>
    public static int Write(Span<byte> destination, byte id, ushort address, ReadOnlySpan<byte> data) =>
        AddressedWrite(destination, id, DynamixelInstruction.Write, address, data);

    /// <summary>Reg Write: as <see cref="Write"/>, but held until an <see cref="Action"/>.</summary>
    public static int RegWrite(Span<byte> destination, byte id, ushort address, ReadOnlySpan<byte> data) =>
        AddressedWrite(destination, id, DynamixelInstruction.RegWrite, address, data);

    /// <summary>Action: runs the writes registered by Reg Write (usually to the broadcast id).</summary>
    public static int Action(Span<byte> destination, byte id) =>
        Instruction(destination, id, DynamixelInstruction.Action, default);

    /// <summary>Factory Reset with the given mode.</summary>
    public static int FactoryReset(Span<byte> destination, byte id, DynamixelFactoryResetMode mode)
    {
        Span<byte> body = BeginInstruction(destination, id, DynamixelInstruction.FactoryReset, 1);
        body[0] = (byte)mode;
        return Finish(destination, id, 2);
    }

    /// <summary>Reboot.</summary>
    public static int Reboot(Span<byte> destination, byte id) =>
        Instruction(destination, id, DynamixelInstruction.Reboot, default);

    /// <summary>
    /// Clear with option 0x01: resets the multi-turn revolution count so Present Position falls within
    /// one turn. Accepted only while the device is stopped (e-Manual, "Protocol 2.0", Clear).
    /// </summary>
    public static int ClearMultiTurn(Span<byte> destination, byte id) =>
        Instruction(destination, id, DynamixelInstruction.Clear, [0x01, 0x44, 0x58, 0x4C, 0x22]);

    /// <summary>
    /// A status packet, as a device sends it (used by the simulator's virtual servos).
    /// </summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="id">Id of the answering device, 0–252.</param>
    /// <param name="error">The error byte.</param>
    /// <param name="parameters">Raw parameters (for a Read, the bytes read).</param>
    public static int Status(Span<byte> destination, byte id, DynamixelStatusError error, ReadOnlySpan<byte> parameters)
    {
        RequireDeviceId(id, nameof(id));
        Span<byte> body = Begin(destination, 2 + parameters.Length);
        body[0] = (byte)DynamixelInstruction.Status;
        body[1] = error.Raw;
        parameters.CopyTo(body[2..]);
        return Finish(destination, id, 2 + parameters.Length);
    }

    private static int AddressedWrite(
        Span<byte> destination, byte id, DynamixelInstruction instruction, ushort address, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            DriverThrowHelper.OutOfRange(nameof(data), 0, "A write carries at least one byte.");
        }

        Span<byte> body = BeginInstruction(destination, id, instruction, 2 + data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body, address);
        data.CopyTo(body[2..]);
        return Finish(destination, id, 3 + data.Length);
    }

    /// <summary>Checks the id, writes the instruction byte and returns the span for the raw parameters.</summary>
    private static Span<byte> BeginInstruction(Span<byte> destination, byte id, DynamixelInstruction instruction, int parameterLength)
    {
        if (!DynamixelProtocol.IsInstructionId(id))
        {
            DriverThrowHelper.InvalidId(nameof(id), id);
        }

        Span<byte> body = Begin(destination, 1 + parameterLength);
        body[0] = (byte)instruction;
        return body[1..];
    }

    /// <summary>Checks the raw body fits and returns the span it goes in (right after the 7-byte prefix).</summary>
    private static Span<byte> Begin(Span<byte> destination, int rawBodyLength)
    {
        int required = DynamixelProtocol.PrefixLength + rawBodyLength + DynamixelProtocol.CrcLength;
        if (destination.Length < required)
        {
            DriverThrowHelper.DestinationTooSmall(nameof(destination), required, destination.Length);
        }

        return destination.Slice(DynamixelProtocol.PrefixLength, rawBodyLength);
    }

    /// <summary>
    /// Stuffs the raw body in place, then writes the header, length and CRC. The raw body
    /// (instruction, error for a status, parameters) is already at offset 7.
    /// </summary>
    private static int Finish(Span<byte> destination, byte id, int rawBodyLength)
    {
        Span<byte> after = destination[DynamixelProtocol.PrefixLength..];
        int patterns = DynamixelByteStuffing.CountPatterns(after[..rawBodyLength]);
        int bodyLength = rawBodyLength + patterns;
        int lengthField = bodyLength + DynamixelProtocol.CrcLength;
        if (lengthField > DynamixelProtocol.MaxLengthField)
        {
            DriverThrowHelper.PacketTooLong(nameof(destination), lengthField, DynamixelProtocol.MaxLengthField);
        }

        int total = DynamixelProtocol.PrefixLength + lengthField;
        if (destination.Length < total)
        {
            DriverThrowHelper.DestinationTooSmall(nameof(destination), total, destination.Length);
        }

        if (patterns > 0)
        {
            DynamixelByteStuffing.StuffInPlace(after, rawBodyLength, patterns);
        }

        DynamixelProtocol.Header.CopyTo(destination);
        destination[4] = id;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[5..], (ushort)lengthField);
        int crcAt = DynamixelProtocol.PrefixLength + bodyLength;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[crcAt..], DynamixelCrc.Compute(destination[..crcAt]));
        return total;
    }

    private static void RequireDeviceId(byte id, string paramName)
    {
        if (!DynamixelProtocol.IsDeviceId(id))
        {
            DriverThrowHelper.InvalidId(paramName, id);
        }
    }
}
