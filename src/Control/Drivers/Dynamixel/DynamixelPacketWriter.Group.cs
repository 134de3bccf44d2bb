using System.Buffers.Binary;

namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>The multi-device instructions: Sync Read, Sync Write, Bulk Read, Bulk Write (always to the broadcast id).</summary>
public static partial class DynamixelPacketWriter
{
    /// <summary>
    /// Sync Read: asks each of <paramref name="ids"/>, in order, for the same range. Each device answers
    /// with its own status packet, in the order of <paramref name="ids"/>.
    /// </summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="address">First control-table address.</param>
    /// <param name="length">Bytes to read from each device, 1–65,535.</param>
    /// <param name="ids">Device ids, 0–252 each, at least one.</param>
    public static int SyncRead(Span<byte> destination, ushort address, ushort length, ReadOnlySpan<byte> ids)
    {
        RequireDeviceIds(ids);
        Span<byte> body = BeginInstruction(destination, DynamixelProtocol.BroadcastId, DynamixelInstruction.SyncRead, 4 + ids.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body, address);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], length);
        ids.CopyTo(body[4..]);
        return Finish(destination, DynamixelProtocol.BroadcastId, 5 + ids.Length);
    }

    /// <summary>
    /// Sync Write: writes <paramref name="dataLength"/> bytes at <paramref name="address"/> on each device.
    /// Nobody answers.
    /// </summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="address">First control-table address.</param>
    /// <param name="dataLength">Bytes per device, at least 1.</param>
    /// <param name="ids">Device ids, 0–252 each, at least one.</param>
    /// <param name="dataPerIdConcatenated">
    /// <c>ids.Length × dataLength</c> bytes: the data for <c>ids[0]</c>, then for <c>ids[1]</c>, and so on,
    /// each little-endian.
    /// </param>
    public static int SyncWrite(
        Span<byte> destination,
        ushort address,
        ushort dataLength,
        ReadOnlySpan<byte> ids,
        ReadOnlySpan<byte> dataPerIdConcatenated)
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

        int parameterLength = 4 + ids.Length * (1 + dataLength);
        Span<byte> body = BeginInstruction(destination, DynamixelProtocol.BroadcastId, DynamixelInstruction.SyncWrite, parameterLength);
        BinaryPrimitives.WriteUInt16LittleEndian(body, address);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], dataLength);
        int at = 4;
        for (int i = 0; i < ids.Length; i++)
        {
            body[at++] = ids[i];
            dataPerIdConcatenated.Slice(i * dataLength, dataLength).CopyTo(body[at..]);
            at += dataLength;
        }

        return Finish(destination, DynamixelProtocol.BroadcastId, 1 + parameterLength);
    }

    /// <summary>
    /// Bulk Read: asks each device for its own range. Devices answer in the order of <paramref name="entries"/>;
    /// an id may appear only once.
    /// </summary>
    public static int BulkRead(Span<byte> destination, ReadOnlySpan<DynamixelBulkEntry> entries)
    {
        RequireEntries(entries);
        int parameterLength = 5 * entries.Length;
        Span<byte> body = BeginInstruction(destination, DynamixelProtocol.BroadcastId, DynamixelInstruction.BulkRead, parameterLength);
        int at = 0;
        foreach (DynamixelBulkEntry entry in entries)
        {
            at = WriteEntry(body, at, entry);
        }

        return Finish(destination, DynamixelProtocol.BroadcastId, 1 + parameterLength);
    }

    /// <summary>
    /// Bulk Write: writes each device's own range. Nobody answers; an id may appear only once.
    /// </summary>
    /// <param name="destination">Receives the packet.</param>
    /// <param name="entries">Per device: id, address and byte count.</param>
    /// <param name="dataConcatenated">The data of every entry in order; its length is the sum of the entries' lengths.</param>
    public static int BulkWrite(Span<byte> destination, ReadOnlySpan<DynamixelBulkEntry> entries, ReadOnlySpan<byte> dataConcatenated)
    {
        RequireEntries(entries);
        int dataLength = 0;
        foreach (DynamixelBulkEntry entry in entries)
        {
            dataLength += entry.Length;
        }

        if (dataConcatenated.Length != dataLength)
        {
            DriverThrowHelper.LengthMismatch(nameof(dataConcatenated), dataLength, dataConcatenated.Length);
        }

        int parameterLength = 5 * entries.Length + dataLength;
        Span<byte> body = BeginInstruction(destination, DynamixelProtocol.BroadcastId, DynamixelInstruction.BulkWrite, parameterLength);
        int at = 0;
        int dataAt = 0;
        foreach (DynamixelBulkEntry entry in entries)
        {
            at = WriteEntry(body, at, entry);
            dataConcatenated.Slice(dataAt, entry.Length).CopyTo(body[at..]);
            at += entry.Length;
            dataAt += entry.Length;
        }

        return Finish(destination, DynamixelProtocol.BroadcastId, 1 + parameterLength);
    }

    private static int WriteEntry(Span<byte> body, int at, DynamixelBulkEntry entry)
    {
        body[at] = entry.Id;
        BinaryPrimitives.WriteUInt16LittleEndian(body[(at + 1)..], entry.Address);
        BinaryPrimitives.WriteUInt16LittleEndian(body[(at + 3)..], entry.Length);
        return at + 5;
    }

    private static void RequireDeviceIds(ReadOnlySpan<byte> ids)
    {
        if (ids.IsEmpty)
        {
            DriverThrowHelper.OutOfRange(nameof(ids), 0, "At least one device id is needed.");
        }

        foreach (byte id in ids)
        {
            RequireDeviceId(id, nameof(ids));
        }
    }

    private static void RequireEntries(ReadOnlySpan<DynamixelBulkEntry> entries)
    {
        if (entries.IsEmpty)
        {
            DriverThrowHelper.OutOfRange(nameof(entries), 0, "At least one entry is needed.");
        }

        foreach (DynamixelBulkEntry entry in entries)
        {
            RequireDeviceId(entry.Id, nameof(entries));
            if (entry.Length == 0)
            {
                DriverThrowHelper.OutOfRange(nameof(entries), entry.Length, "Each entry covers at least one byte.");
            }
        }
    }
}
