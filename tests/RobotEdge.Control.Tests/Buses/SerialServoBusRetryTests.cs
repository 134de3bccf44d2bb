using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.Dynamixel;
using RobotEdge.Control.Drivers.Feetech;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// A Sync Read that nobody answers is most likely one the servos dropped for a bad CRC: it is sent
/// again within the cycle, until every servo is known to be gone. Counted on the bytes written.
/// </summary>
public sealed class SerialServoBusRetryTests
{
    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Silent_sync_read_is_retried_once_until_every_servo_is_in_fault(ServoProtocol protocol)
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(protocol, 3, clock, cycleTimeoutMs: 50, record: true);
        rig.Bus.Write(new JointCommand { JointCount = 3 });
        Assert.True(rig.Bus.PumpCycle());
        Assert.Equal(1, SyncReads(protocol, rig.Recorder!.Written));
        Assert.Equal(0, rig.Bus.FaultedJointMask);

        rig.Chain.DropReplyProbability = 1;
        var perCycle = new List<int>();
        int before = SyncReads(protocol, rig.Recorder.Written);
        for (int cycle = 0; cycle < 5; cycle++)
        {
            Assert.True(rig.Bus.PumpCycle());
            int now = SyncReads(protocol, rig.Recorder.Written);
            perCycle.Add(now - before);
            before = now;
        }

        // Three silent cycles (each retried) put every joint in NoReply; silence is then expected.
        Assert.Equal([2, 2, 2, 1, 1], perCycle);
        Assert.Equal(0b111, rig.Bus.FaultedJointMask);

        rig.Chain.DropReplyProbability = 0;
        Assert.True(rig.Bus.PumpCycle());
        Assert.Equal(0, rig.Bus.FaultedJointMask);
    }

    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void One_missing_servo_does_not_repeat_the_sync_read(ServoProtocol protocol)
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(protocol, 3, clock, cycleTimeoutMs: 50, record: true);
        rig.Chain.SetPresent(2, false);

        for (int cycle = 0; cycle < 4; cycle++)
        {
            Assert.True(rig.Bus.PumpCycle());
        }

        Assert.Equal(4, SyncReads(protocol, rig.Recorder!.Written));
        Assert.Equal(0b010, rig.Bus.FaultedJointMask);
    }

    private static int SyncReads(ServoProtocol protocol, byte[] written)
    {
        int count = 0;
        if (protocol == ServoProtocol.DynamixelX)
        {
            var reader = new DynamixelInstructionReader(written.Length + 16);
            reader.Append(written);
            while (reader.TryRead(out DynamixelInstructionPacket packet))
            {
                count += packet.Instruction == DynamixelInstruction.SyncRead ? 1 : 0;
            }
        }
        else
        {
            var reader = new FeetechInstructionReader(written.Length + 16);
            reader.Append(written);
            while (reader.TryRead(out FeetechInstructionPacket packet))
            {
                count += packet.Instruction == FeetechInstruction.SyncRead ? 1 : 0;
            }
        }

        return count;
    }
}
