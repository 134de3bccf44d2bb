namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Encodes FEETECH packets into a caller-provided buffer: header, id, length, instruction,
/// parameters, checksum. Every method returns the number of bytes written from the start of
/// <c>destination</c>, which is <see cref="FeetechProtocol.GetPacketLength"/> of the parameter count.
/// The writer is byte-order agnostic: encode two-byte values with the servo family's
/// <see cref="FeetechRegisterCodec"/>. Allocation-free and real-time safe. Invalid arguments (an id
/// out of range, a destination too small, mismatched data lengths) are programming errors and throw
/// <see cref="ArgumentException"/>.
/// </summary>
public static class FeetechPacketWriter
{
    /// <summary>Any instruction packet.</summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="id">0–253, or <see cref="FeetechProtocol.BroadcastId"/>.</param>
    /// <param name="instruction">The instruction byte.</param>
    /// <param name="parameters">At most <see cref="FeetechProtocol.MaxParameterLength"/> bytes.</param>
    public static int Instruction(Span<byte> destination, byte id, FeetechInstruction instruction, ReadOnlySpan<byte> parameters)
    {
        RequireInstructionId(id);
        Span<byte> body = Begin(destination, id, (byte)instruction, parameters.Length);
        parameters.CopyTo(body);
        return Finish(destination, parameters.Length);
    }

    /// <summary>Ping: the servo answers with an empty status packet (also to the broadcast id).</summary>
    public static int Ping(Span<byte> destination, byte id) =>
        Instruction(destination, id, FeetechInstruction.Ping, default);

    /// <summary>Read: asks for <paramref name="length"/> bytes from <paramref name="address"/>.</summary>
    /// <param name="destination">Receives the packet (8 bytes).</param>
    /// <param name="id">0–253.</param>
    /// <param name="address">First memory-table address.</param>
    /// <param name="length">Bytes to read, 1–253.</param>
    public static int Read(Span<byte> destination, byte id, byte address, byte length)
    {
        RequireDeviceId(id, nameof(id));
        Span<byte> body = Begin(destination, id, (byte)FeetechInstruction.Read, 2);
        body[0] = address;
        body[1] = length;
        return Finish(destination, 2);
    }

    /// <summary>Write: writes <paramref name="data"/> from <paramref name="address"/>; executed on receipt.</summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="id">0–253, or broadcast (nobody answers a broadcast write).</param>
    /// <param name="address">First memory-table address.</param>
    /// <param name="data">1–252 bytes, two-byte values in the family's byte order.</param>
    public static int Write(Span<byte> destination, byte id, byte address, ReadOnlySpan<byte> data) =>
        AddressedWrite(destination, id, FeetechInstruction.Write, address, data);

    /// <summary>Reg Write: as <see cref="Write"/>, held until an <see cref="Action"/>.</summary>
    public static int RegWrite(Span<byte> destination, byte id, byte address, ReadOnlySpan<byte> data) =>
        AddressedWrite(destination, id, FeetechInstruction.RegWrite, address, data);

    /// <summary>Action: runs the registered writes (usually to the broadcast id).</summary>
    public static int Action(Span<byte> destination, byte id) =>
        Instruction(destination, id, FeetechInstruction.Action, default);

    /// <summary>Factory reset (instruction 0x06), without parameters.</summary>
    public static int FactoryReset(Span<byte> destination, byte id) =>
        Instruction(destination, id, FeetechInstruction.FactoryReset, default);

    /// <summary>Multi-turn count reset (instruction 0x0A), without parameters.</summary>
    public static int ResetMultiTurn(Span<byte> destination, byte id) =>
        Instruction(destination, id, FeetechInstruction.ResetMultiTurn, default);

    /// <summary>
    /// Sync Read: asks each of <paramref name="ids"/> for the same range; each answers with its own
    /// status packet, in the order of <paramref name="ids"/>.
    /// </summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="address">First memory-table address.</param>
    /// <param name="length">Bytes to read from each servo.</param>
    /// <param name="ids">Servo ids, 0–253 each, 1–251 of them.</param>
    public static int SyncRead(Span<byte> destination, byte address, byte length, ReadOnlySpan<byte> ids)
    {
        RequireDeviceIds(ids);
        int parameterLength = 2 + ids.Length;
        Span<byte> body = Begin(destination, FeetechProtocol.BroadcastId, (byte)FeetechInstruction.SyncRead, parameterLength);
        body[0] = address;
        body[1] = length;
        ids.CopyTo(body[2..]);
        return Finish(destination, parameterLength);
    }

    /// <summary>Sync Write: writes <paramref name="dataLength"/> bytes at <paramref name="address"/> on each servo; nobody answers.</summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="address">First memory-table address.</param>
    /// <param name="dataLength">Bytes per servo, at least 1.</param>
    /// <param name="ids">Servo ids, 0–253 each.</param>
    /// <param name="dataPerIdConcatenated"><c>ids.Length × dataLength</c> bytes: the data for <c>ids[0]</c>, then <c>ids[1]</c>, …</param>
    public static int SyncWrite(
        Span<byte> destination, byte address, byte dataLength, ReadOnlySpan<byte> ids, ReadOnlySpan<byte> dataPerIdConcatenated)
    {
        RequireDeviceIds(ids);
        if (dataLength == 0)
        {
            DriverThrowHelper.OutOfRange(nameof(dataLength), dataLength, "A write carries at least one byte.");
        }

        int expected = ids.Length * dataLength;
        if (dataPerIdConcatenated.Length != expected)
        {
            DriverThrowHelper.LengthMismatch(nameof(dataPerIdConcatenated), expected, dataPerIdConcatenated.Length);
        }

        int parameterLength = 2 + ids.Length * (1 + dataLength);
        Span<byte> body = Begin(destination, FeetechProtocol.BroadcastId, (byte)FeetechInstruction.SyncWrite, parameterLength);
        body[0] = address;
        body[1] = dataLength;
        int at = 2;
        for (int i = 0; i < ids.Length; i++)
        {
            body[at++] = ids[i];
            dataPerIdConcatenated.Slice(i * dataLength, dataLength).CopyTo(body[at..]);
            at += dataLength;
        }

        return Finish(destination, parameterLength);
    }

    /// <summary>A status packet, as a servo sends it (used by the simulator's virtual servos).</summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="id">Id of the answering servo, 0–253.</param>
    /// <param name="error">The error bits.</param>
    /// <param name="parameters">For a Read, the bytes read; empty otherwise.</param>
    public static int Status(Span<byte> destination, byte id, FeetechStatusError error, ReadOnlySpan<byte> parameters)
    {
        RequireDeviceId(id, nameof(id));
        Span<byte> body = Begin(destination, id, (byte)error, parameters.Length);
        parameters.CopyTo(body);
        return Finish(destination, parameters.Length);
    }

    private static int AddressedWrite(Span<byte> destination, byte id, FeetechInstruction instruction, byte address, ReadOnlySpan<byte> data)
    {
        RequireInstructionId(id);
        if (data.IsEmpty)
        {
            DriverThrowHelper.OutOfRange(nameof(data), 0, "A write carries at least one byte.");
        }

        Span<byte> body = Begin(destination, id, (byte)instruction, 1 + data.Length);
        body[0] = address;
        data.CopyTo(body[1..]);
        return Finish(destination, 1 + data.Length);
    }

    /// <summary>Checks sizes, writes header, id, length and the instruction/error byte; returns the span for the parameters.</summary>
    private static Span<byte> Begin(Span<byte> destination, byte id, byte instructionOrError, int parameterLength)
    {
        if (parameterLength > FeetechProtocol.MaxParameterLength)
        {
            DriverThrowHelper.PacketTooLong(nameof(destination), parameterLength, FeetechProtocol.MaxParameterLength);
        }

        int total = FeetechProtocol.GetPacketLength(parameterLength);
        if (destination.Length < total)
        {
            DriverThrowHelper.DestinationTooSmall(nameof(destination), total, destination.Length);
        }

        destination[0] = FeetechProtocol.HeaderByte;
        destination[1] = FeetechProtocol.HeaderByte;
        destination[2] = id;
        destination[3] = (byte)(parameterLength + 2);
        destination[4] = instructionOrError;
        return destination.Slice(FeetechProtocol.PrefixLength + 1, parameterLength);
    }

    private static int Finish(Span<byte> destination, int parameterLength)
    {
        int checksumAt = FeetechProtocol.PrefixLength + 1 + parameterLength;
        destination[checksumAt] = FeetechChecksum.Compute(destination[2..checksumAt]);
        return checksumAt + 1;
    }

    private static void RequireInstructionId(byte id)
    {
        if (!FeetechProtocol.IsInstructionId(id))
        {
            DriverThrowHelper.InvalidId(nameof(id), id);
        }
    }

    private static void RequireDeviceId(byte id, string paramName)
    {
        if (!FeetechProtocol.IsDeviceId(id))
        {
            DriverThrowHelper.InvalidId(paramName, id);
        }
    }

    private static void RequireDeviceIds(ReadOnlySpan<byte> ids)
    {
        if (ids.IsEmpty)
        {
            DriverThrowHelper.OutOfRange(nameof(ids), 0, "At least one servo id is needed.");
        }

        foreach (byte id in ids)
        {
            RequireDeviceId(id, nameof(ids));
        }
    }
}
