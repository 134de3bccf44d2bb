namespace RobotEdge.Sim.Devices;

/// <content>
/// The control-table side of the servos that does not depend on the protocol: the writable window,
/// writes with their effects (torque, goal), and answering a list of reads. Device thread only.
/// </content>
public abstract partial class VirtualServoChain
{
    /// <summary>True when [<paramref name="address"/>, +<paramref name="length"/>) lies inside the writable window.</summary>
    private protected bool IsWritable(int address, int length) =>
        address >= _layout.FirstWritable && address + length <= _layout.EndWritable;

    /// <summary>
    /// Writes <paramref name="data"/> into <paramref name="servo"/>'s table at <paramref name="address"/>
    /// and applies its effects: Torque Enable switches the motor (off while a hardware error is set),
    /// a complete Goal Position sets the goal and is recorded through <see cref="OnGoalApplied"/>.
    /// A write outside the writable window is ignored. Device thread.
    /// </summary>
    private protected void Apply(VirtualServo servo, int address, ReadOnlySpan<byte> data)
    {
        if (!IsWritable(address, data.Length))
        {
            return;
        }

        data.CopyTo(servo.Table.AsSpan(address));
        int torque = _layout.TorqueEnable;
        if (address <= torque && torque < address + data.Length)
        {
            if (servo.Table[torque] != 0)
            {
                Interlocked.Increment(ref _torqueEnableWriteCount);
            }

            servo.TorqueOn = servo.Table[torque] != 0 && servo.HardwareErrorBits == 0;
            PublishTorqueOnMask();
        }

        int goal = _layout.GoalPosition;
        if (address <= goal && goal + _layout.GoalPositionWidth <= address + data.Length
            && TryDecodeGoal(servo.Table, out int ticks, out double goalRad))
        {
            servo.GoalRad = goalRad;
            OnGoalApplied(servo, ticks);
        }
    }

    /// <summary>Publishes which servos have torque on (<see cref="TorqueOnMask"/>). Device thread.</summary>
    private protected void PublishTorqueOnMask()
    {
        int mask = 0;
        for (int i = 0; i < Servos.Length; i++)
        {
            if (Servos[i].TorqueOn)
            {
                mask |= 1 << i;
            }
        }

        Volatile.Write(ref _torqueOnMask, mask);
    }

    /// <summary>
    /// Answers a read of <paramref name="length"/> bytes at <paramref name="address"/> from every
    /// servo in <paramref name="ids"/> that is on the bus, in list order; absent ones are skipped (the
    /// virtual bus does not make later servos wait for them). Device thread.
    /// </summary>
    private protected void AnswerReads(ReadOnlySpan<byte> ids, int address, int length)
    {
        foreach (byte id in ids)
        {
            AnswerRead(id, address, length);
        }
    }

    /// <summary>Answers a read from servo <paramref name="id"/> when it is on the bus; an absent servo stays silent. Device thread.</summary>
    private protected void AnswerRead(byte id, int address, int length)
    {
        if (FindPresent(id) is { } servo)
        {
            AnswerRead(servo, address, length);
        }
    }

    /// <summary>Decodes the Goal Position held in <paramref name="table"/> into ticks and radians; false when it cannot.</summary>
    private protected abstract bool TryDecodeGoal(ReadOnlySpan<byte> table, out int ticks, out double goalRad);

    /// <summary>Refreshes the present-state registers of <paramref name="servo"/> and answers the read. Device thread.</summary>
    private protected abstract void AnswerRead(VirtualServo servo, int address, int length);
}
