namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// One received instruction packet, as seen by a servo (a virtual servo of the simulator).
/// <see cref="Parameters"/> is a view of the receive buffer it was parsed from. The <c>TryGet…</c>
/// and <c>TryFind…</c> methods decode the parameter layouts and return false for a layout that does
/// not fit the instruction.
/// </summary>
public readonly ref struct FeetechInstructionPacket
{
    /// <summary>Creates an instruction view.</summary>
    public FeetechInstructionPacket(byte id, FeetechInstruction instruction, ReadOnlySpan<byte> parameters)
    {
        Id = id;
        Instruction = instruction;
        Parameters = parameters;
    }

    /// <summary>Addressed id: 0–253, or <see cref="FeetechProtocol.BroadcastId"/>.</summary>
    public byte Id { get; }

    /// <summary>The instruction; values outside the enumeration are passed through as received.</summary>
    public FeetechInstruction Instruction { get; }

    /// <summary>The parameters.</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>True when sent to the broadcast id.</summary>
    public bool IsBroadcast => Id == FeetechProtocol.BroadcastId;

    /// <summary>Read: start address and byte count.</summary>
    public bool TryGetRead(out byte address, out byte length)
    {
        bool ok = Instruction == FeetechInstruction.Read && Parameters.Length == 2;
        address = ok ? Parameters[0] : (byte)0;
        length = ok ? Parameters[1] : (byte)0;
        return ok;
    }

    /// <summary>Write or Reg Write: start address and the bytes to write (at least one).</summary>
    public bool TryGetWrite(out byte address, out ReadOnlySpan<byte> data)
    {
        bool ok = (Instruction == FeetechInstruction.Write || Instruction == FeetechInstruction.RegWrite)
            && Parameters.Length >= 2;
        address = ok ? Parameters[0] : (byte)0;
        data = ok ? Parameters[1..] : default;
        return ok;
    }

    /// <summary>Sync Read: start address, byte count, and the ids in the order they answer.</summary>
    public bool TryGetSyncRead(out byte address, out byte length, out ReadOnlySpan<byte> ids)
    {
        bool ok = Instruction == FeetechInstruction.SyncRead && Parameters.Length >= 3;
        address = ok ? Parameters[0] : (byte)0;
        length = ok ? Parameters[1] : (byte)0;
        ids = ok ? Parameters[2..] : default;
        return ok;
    }

    /// <summary>
    /// Sync Write: the start address and the data addressed to <paramref name="id"/>.
    /// False when the layout is malformed or <paramref name="id"/> is not among the targets.
    /// </summary>
    public bool TryFindSyncWrite(byte id, out byte address, out ReadOnlySpan<byte> data)
    {
        address = 0;
        data = default;
        if (Instruction != FeetechInstruction.SyncWrite || Parameters.Length < 2)
        {
            return false;
        }

        int length = Parameters[1];
        ReadOnlySpan<byte> records = Parameters[2..];
        int stride = length + 1;
        if (length == 0 || records.Length == 0 || records.Length % stride != 0)
        {
            return false;
        }

        for (int at = 0; at < records.Length; at += stride)
        {
            if (records[at] == id)
            {
                address = Parameters[0];
                data = records.Slice(at + 1, length);
                return true;
            }
        }

        return false;
    }
}
