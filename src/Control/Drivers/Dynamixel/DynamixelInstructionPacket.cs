using System.Buffers.Binary;

namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// One received instruction packet, as seen by a device (a virtual servo). <see cref="Parameters"/>
/// is a view of unstuffed bytes owned by whoever parsed the packet; it stays valid until that buffer
/// is reused. The <c>TryGet…</c>/<c>TryFind…</c> methods decode the parameter layouts of the
/// e-Manual's Instruction Details and return false for a layout that does not fit the instruction.
/// </summary>
public readonly ref struct DynamixelInstructionPacket
{
    /// <summary>Creates an instruction view.</summary>
    public DynamixelInstructionPacket(byte id, DynamixelInstruction instruction, ReadOnlySpan<byte> parameters)
    {
        Id = id;
        Instruction = instruction;
        Parameters = parameters;
    }

    /// <summary>Addressed id: 0–252, or <see cref="DynamixelProtocol.BroadcastId"/>.</summary>
    public byte Id { get; }

    /// <summary>The instruction; values outside the enumeration are passed through as received.</summary>
    public DynamixelInstruction Instruction { get; }

    /// <summary>The parameters after unstuffing.</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>True when sent to the broadcast id.</summary>
    public bool IsBroadcast => Id == DynamixelProtocol.BroadcastId;

    /// <summary>Read: start address and byte count.</summary>
    public bool TryGetRead(out ushort address, out ushort length)
    {
        if (Instruction == DynamixelInstruction.Read && Parameters.Length == 4)
        {
            address = BinaryPrimitives.ReadUInt16LittleEndian(Parameters);
            length = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[2..]);
            return true;
        }

        address = 0;
        length = 0;
        return false;
    }

    /// <summary>Write or Reg Write: start address and the bytes to write (at least one).</summary>
    public bool TryGetWrite(out ushort address, out ReadOnlySpan<byte> data)
    {
        if ((Instruction == DynamixelInstruction.Write || Instruction == DynamixelInstruction.RegWrite)
            && Parameters.Length >= 3)
        {
            address = BinaryPrimitives.ReadUInt16LittleEndian(Parameters);
            data = Parameters[2..];
            return true;
        }

        address = 0;
        data = default;
        return false;
    }

    /// <summary>Factory Reset: which parts to reset.</summary>
    public bool TryGetFactoryReset(out DynamixelFactoryResetMode mode)
    {
        if (Instruction == DynamixelInstruction.FactoryReset && Parameters.Length == 1)
        {
            mode = (DynamixelFactoryResetMode)Parameters[0];
            return true;
        }

        mode = default;
        return false;
    }

    /// <summary>Sync Read: start address, byte count, and the ids in the order they answer.</summary>
    public bool TryGetSyncRead(out ushort address, out ushort length, out ReadOnlySpan<byte> ids)
    {
        if (Instruction == DynamixelInstruction.SyncRead && Parameters.Length >= 5)
        {
            address = BinaryPrimitives.ReadUInt16LittleEndian(Parameters);
            length = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[2..]);
            ids = Parameters[4..];
            return true;
        }

        address = 0;
        length = 0;
        ids = default;
        return false;
    }

    /// <summary>
    /// Sync Write: the start address and the data addressed to <paramref name="id"/>.
    /// False when the layout is malformed or <paramref name="id"/> is not among the targets.
    /// </summary>
    public bool TryFindSyncWrite(byte id, out ushort address, out ReadOnlySpan<byte> data)
    {
        address = 0;
        data = default;
        if (Instruction != DynamixelInstruction.SyncWrite || Parameters.Length < 4)
        {
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[2..]);
        ReadOnlySpan<byte> records = Parameters[4..];
        int stride = length + 1;
        if (length == 0 || records.Length == 0 || records.Length % stride != 0)
        {
            return false;
        }

        for (int at = 0; at < records.Length; at += stride)
        {
            if (records[at] == id)
            {
                address = BinaryPrimitives.ReadUInt16LittleEndian(Parameters);
                data = records.Slice(at + 1, length);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Bulk Read: the range requested from <paramref name="id"/>, and its position in the list
    /// (devices answer in list order). False when malformed or <paramref name="id"/> is absent.
    /// </summary>
    public bool TryFindBulkRead(byte id, out ushort address, out ushort length, out int position)
    {
        address = 0;
        length = 0;
        position = -1;
        const int RecordLength = 5;
        if (Instruction != DynamixelInstruction.BulkRead
            || Parameters.Length == 0
            || Parameters.Length % RecordLength != 0)
        {
            return false;
        }

        for (int at = 0, index = 0; at < Parameters.Length; at += RecordLength, index++)
        {
            if (Parameters[at] == id)
            {
                address = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[(at + 1)..]);
                length = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[(at + 3)..]);
                position = index;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Bulk Write: the start address and data addressed to <paramref name="id"/>.
    /// False when malformed (records overrunning the parameters) or <paramref name="id"/> is absent.
    /// </summary>
    public bool TryFindBulkWrite(byte id, out ushort address, out ReadOnlySpan<byte> data)
    {
        address = 0;
        data = default;
        if (Instruction != DynamixelInstruction.BulkWrite || Parameters.Length == 0)
        {
            return false;
        }

        int at = 0;
        bool found = false;
        while (at < Parameters.Length)
        {
            if (Parameters.Length - at < 5)
            {
                return false;
            }

            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[(at + 3)..]);
            if (length == 0 || Parameters.Length - at - 5 < length)
            {
                return false;
            }

            if (!found && Parameters[at] == id)
            {
                address = BinaryPrimitives.ReadUInt16LittleEndian(Parameters[(at + 1)..]);
                data = Parameters.Slice(at + 5, length);
                found = true;
            }

            at += 5 + length;
        }

        return found;
    }
}
