using System.Buffers.Binary;

namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// One received status packet. <see cref="Parameters"/> is a view of unstuffed bytes owned by
/// whoever parsed the packet (the caller's parameter buffer, or a <see cref="DynamixelStatusReader"/>);
/// it stays valid until that buffer is reused, so copy out what must outlive the next parse.
/// Multi-byte control-table values are little-endian.
/// </summary>
public readonly ref struct DynamixelStatus
{
    /// <summary>Creates a status view.</summary>
    public DynamixelStatus(byte id, DynamixelStatusError error, ReadOnlySpan<byte> parameters)
    {
        Id = id;
        Error = error;
        Parameters = parameters;
    }

    /// <summary>Id of the answering device, 0–252.</summary>
    public byte Id { get; }

    /// <summary>The decoded error byte.</summary>
    public DynamixelStatusError Error { get; }

    /// <summary>The parameters after unstuffing: for a Read, the bytes read, in address order.</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>Reads one byte at <paramref name="offset"/> into the parameters.</summary>
    public bool TryGetByte(int offset, out byte value)
    {
        if ((uint)offset < (uint)Parameters.Length)
        {
            value = Parameters[offset];
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a little-endian unsigned 16-bit value at <paramref name="offset"/>.</summary>
    public bool TryGetUInt16(int offset, out ushort value) =>
        BinaryPrimitives.TryReadUInt16LittleEndian(Slice(offset, 2), out value);

    /// <summary>Reads a little-endian signed 16-bit value (e.g. Present Current) at <paramref name="offset"/>.</summary>
    public bool TryGetInt16(int offset, out short value) =>
        BinaryPrimitives.TryReadInt16LittleEndian(Slice(offset, 2), out value);

    /// <summary>Reads a little-endian unsigned 32-bit value at <paramref name="offset"/>.</summary>
    public bool TryGetUInt32(int offset, out uint value) =>
        BinaryPrimitives.TryReadUInt32LittleEndian(Slice(offset, 4), out value);

    /// <summary>Reads a little-endian signed 32-bit value (e.g. Present Position, Present Velocity) at <paramref name="offset"/>.</summary>
    public bool TryGetInt32(int offset, out int value) =>
        BinaryPrimitives.TryReadInt32LittleEndian(Slice(offset, 4), out value);

    /// <summary>Decodes the answer to a Ping: model number and firmware version (three parameters).</summary>
    public bool TryGetPingInfo(out ushort modelNumber, out byte firmwareVersion)
    {
        if (Parameters.Length == 3)
        {
            modelNumber = BinaryPrimitives.ReadUInt16LittleEndian(Parameters);
            firmwareVersion = Parameters[2];
            return true;
        }

        modelNumber = 0;
        firmwareVersion = 0;
        return false;
    }

    private ReadOnlySpan<byte> Slice(int offset, int length) =>
        offset >= 0 && offset <= Parameters.Length - length ? Parameters.Slice(offset, length) : default;
}
