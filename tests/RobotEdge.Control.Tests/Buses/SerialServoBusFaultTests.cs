using System.Collections.Concurrent;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.Dynamixel;
using RobotEdge.Control.Drivers.Dynamixel.Registers;
using RobotEdge.Control.Drivers.Feetech;
using RobotEdge.Control.Drivers.Feetech.Registers;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>Fault injection on the wire and in the servos, in lockstep: every assertion counts cycles.</summary>
public sealed class SerialServoBusFaultTests
{
    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Corrupted_bytes_never_become_applied_goals(ServoProtocol protocol)
    {
        const int servoCount = 4;
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(protocol, servoCount, clock, cycleTimeoutMs: 100, record: true);
        var applied = new ConcurrentQueue<(byte Id, int Ticks)>();
        rig.Chain.GoalApplied = (id, ticks) => applied.Enqueue((id, ticks));
        rig.Chain.CorruptByteProbability = 0.001;
        var command = new JointCommand { JointCount = servoCount };

        // Goals that change every cycle, so that a corrupted goal would differ from every sent one.
        for (int cycle = 0; cycle < 3000; cycle++)
        {
            clock.Advance(10_000_000);
            for (int i = 0; i < servoCount; i++)
            {
                command.PositionsRad[i] = 0.5 * Math.Sin(cycle * 0.013 + i);
            }

            rig.Bus.Write(command);
            rig.Bus.PumpCycle();
        }

        rig.Chain.CorruptByteProbability = 0;
        rig.Bus.Dispose();
        HashSet<(byte, int)> sent = protocol == ServoProtocol.DynamixelX
            ? SentDynamixelGoals(rig.Recorder!.Written)
            : SentFeetechGoals(rig.Recorder!.Written);

        Assert.True(rig.Chain.CorruptedByteCount > 0);
        Assert.True(rig.Chain.RejectedPacketCount > 0, "the virtual servos saw no corrupted instruction");
        Assert.True(rig.Bus.CrcErrors > 0, "the bus saw no corrupted answer");
        Assert.True(applied.Count > 1000);
        foreach ((byte id, int ticks) in applied)
        {
            Assert.Contains((id, ticks), sent);
        }
    }

    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Unplugged_servo_faults_within_three_cycles_and_recovers(ServoProtocol protocol)
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(protocol, 3, clock, cycleTimeoutMs: 100);
        var state = default(JointState);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(rig.Bus.PumpCycle());
        }

        Assert.Equal(0, rig.Bus.FaultedJointMask);
        Assert.False(rig.Bus.TryGetFault(1, out _));

        rig.Chain.SetPresent(2, false); // Joint 1.
        for (int cycle = 1; cycle <= 3; cycle++)
        {
            clock.Advance(10_000_000);
            Assert.True(rig.Bus.PumpCycle());
            Assert.True(rig.Bus.TryRead(ref state), "the other servos keep updating");
            Assert.Equal(clock.NowNs, state.TimestampNs);
            Assert.False(rig.Bus.TryGetFault(0, out _));
            Assert.False(rig.Bus.TryGetFault(2, out _));
            Assert.True(rig.Bus.TryGetFault(1, out JointFault fault));
            Assert.Equal(cycle, fault.ConsecutiveMissedReplies);
            Assert.True(fault.Flags.HasFlag(JointFaultFlags.StaleFeedback));
            Assert.Equal(cycle >= 3, fault.IsFault);
        }

        Assert.Equal(0b010, rig.Bus.FaultedJointMask);
        Assert.True(rig.Bus.TryGetFault(1, out JointFault unplugged));
        Assert.Equal(JointFaultFlags.NoReply | JointFaultFlags.StaleFeedback, unplugged.Flags);

        rig.Chain.SetPresent(2, true);
        Assert.True(rig.Bus.PumpCycle());
        Assert.False(rig.Bus.TryGetFault(1, out _));
        Assert.Equal(0, rig.Bus.FaultedJointMask);
    }

    [Fact]
    public void Dynamixel_hardware_error_is_decoded()
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(ServoProtocol.DynamixelX, 2, clock, cycleTimeoutMs: 100);
        rig.Bus.PumpCycle();
        rig.Chain.SetHardwareError(2, (byte)(HardwareErrorStatus.Overload | HardwareErrorStatus.Overheating));
        rig.Bus.PumpCycle();

        Assert.True(rig.Bus.TryGetFault(1, out JointFault fault));
        Assert.Equal(JointFaultFlags.HardwareError, fault.Flags);
        Assert.Equal(0x24, fault.HardwareErrorBits);
        Assert.Contains("overload", fault.HardwareErrorText, StringComparison.Ordinal);
        Assert.Contains("overheating", fault.HardwareErrorText, StringComparison.Ordinal);
        Assert.Equal(0b10, rig.Bus.FaultedJointMask);
        Assert.False(rig.Bus.TryGetFault(0, out _));

        rig.Chain.SetHardwareError(2, 0);
        rig.Bus.PumpCycle();
        Assert.False(rig.Bus.TryGetFault(1, out JointFault cleared));
        Assert.Equal(string.Empty, cleared.HardwareErrorText);
    }

    [Fact]
    public void Feetech_hardware_error_is_decoded()
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(ServoProtocol.FeetechSts3215, 2, clock, cycleTimeoutMs: 100);
        rig.Bus.PumpCycle();
        rig.Chain.SetHardwareError(1, (byte)FeetechStatusError.Overload);
        rig.Bus.PumpCycle();

        Assert.True(rig.Bus.TryGetFault(0, out JointFault fault));
        Assert.Equal(JointFaultFlags.HardwareError, fault.Flags);
        Assert.StartsWith("overload", fault.HardwareErrorText, StringComparison.Ordinal);
        Assert.Equal(0b01, rig.Bus.FaultedJointMask);
    }

    private static HashSet<(byte, int)> SentDynamixelGoals(byte[] written)
    {
        var sent = new HashSet<(byte, int)>();
        var reader = new DynamixelInstructionReader(written.Length + 16);
        reader.Append(written);
        while (reader.TryRead(out DynamixelInstructionPacket packet))
        {
            for (byte id = 1; id <= 8; id++)
            {
                if (packet.TryFindSyncWrite(id, out ushort address, out ReadOnlySpan<byte> data)
                    && address == XSeriesControlTable.GoalPosition.Address)
                {
                    sent.Add((id, BitConverter.ToInt32(data)));
                }
            }
        }

        return sent;
    }

    private static HashSet<(byte, int)> SentFeetechGoals(byte[] written)
    {
        var sent = new HashSet<(byte, int)>();
        var reader = new FeetechInstructionReader(written.Length + 16);
        reader.Append(written);
        while (reader.TryRead(out FeetechInstructionPacket packet))
        {
            for (byte id = 1; id <= 8; id++)
            {
                if (packet.TryFindSyncWrite(id, out byte address, out ReadOnlySpan<byte> data)
                    && address == Sts3215ControlTable.GoalPosition.Address)
                {
                    sent.Add((id, BitConverter.ToUInt16(data)));
                }
            }
        }

        return sent;
    }
}
