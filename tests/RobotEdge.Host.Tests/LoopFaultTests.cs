using System.Collections.Concurrent;
using RobotEdge.Control.Buses;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Faults on the wire with the whole loop running (camera → ONNX → planner → control → servos on a
/// pseudo-terminal), judged against the virtual servos and the simulator's ground truth.
/// </summary>
public class LoopFaultTests
{
    /// <summary>One byte in 1,000, in both directions, has one bit flipped.</summary>
    private const double CorruptByteProbability = 0.001;

    [Theory]
    [InlineData("sim-dynamixel")]
    [InlineData("sim-feetech")]
    public void With_corrupted_bytes_no_corrupted_goal_is_ever_applied(string bus)
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Bus = bus);
        VirtualServoChain chain = rig.Actuation.ServoChain!;
        var servoBus = (SerialServoBus)rig.Actuation.Bus;
        var applied = new ConcurrentQueue<(byte Id, int Ticks)>();
        var sent = new HashSet<(byte Id, int Ticks)>();
        chain.GoalApplied = (id, ticks) => applied.Enqueue((id, ticks));
        chain.CorruptByteProbability = CorruptByteProbability;
        var driver = new LockstepDriver(rig);

        // 8 s: every tick's command is recorded as the goal ticks the bus puts on the wire for it.
        driver.RunFrames(240, _ =>
        {
            for (int joint = 0; joint < servoBus.JointCount; joint++)
            {
                Assert.True(servoBus.TryGetGoalTicks(rig.Control.LastCommand, joint, out int ticks));
                sent.Add(((byte)(joint + 1), ticks));
            }
        });

        Assert.True(chain.CorruptedByteCount > 20, $"only {chain.CorruptedByteCount} bytes corrupted");
        Assert.True(chain.RejectedPacketCount > 0, "the servos must have rejected corrupted instructions");
        Assert.True(servoBus.CrcErrors > 0, "the bus must have dropped corrupted answers");
        Assert.True(applied.Count > 3000, $"only {applied.Count} goals applied");
        (byte Id, int Ticks)[] foreign = applied.Where(a => !sent.Contains(a)).ToArray();
        Assert.True(foreign.Length == 0, $"{foreign.Length} applied goals were never sent, e.g. id {foreign.FirstOrDefault().Id} ticks {foreign.FirstOrDefault().Ticks}");
    }

    [Theory]
    [InlineData("sim-dynamixel")]
    [InlineData("sim-feetech")]
    public void With_corrupted_bytes_the_loop_keeps_its_deadline_and_tracks(string bus)
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Bus = bus);
        rig.Actuation.ServoChain!.CorruptByteProbability = CorruptByteProbability;

        RunReport report = SimCommand.Run(rig, frames: 360, realTime: false, progress: null);

        Assert.True(rig.Actuation.ServoChain.CorruptedByteCount > 20);
        // Lockstep: the deadline is counted on the compute path (frame ready → first command); bus
        // cycles, retries included, are not on it.
        Assert.Equal(0, report.Misses);
        Assert.Equal(report.Frames, report.FramesCommanded);
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
    }

    [Theory]
    [InlineData("sim-dynamixel")]
    [InlineData("sim-feetech")]
    public void An_unplugged_servo_is_detected_within_3_cycles_and_recovers_when_it_returns(string bus)
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Bus = bus);
        VirtualServoChain chain = rig.Actuation.ServoChain!;
        var servoBus = (SerialServoBus)rig.Actuation.Bus;
        var driver = new LockstepDriver(rig);
        driver.RunFrames(90);
        Assert.Equal(0, servoBus.FaultedJointMask);

        // Unplug the tilt servo (id 2, joint 1) right after a cycle; count the cycles until the fault.
        long unpluggedAt = -1, detectedAt = -1;
        int maskAtDetection = 0;
        driver.RunFrames(15, tick =>
        {
            if (unpluggedAt < 0)
            {
                chain.SetPresent(2, false);
                unpluggedAt = tick;
            }
            else if (detectedAt < 0 && servoBus.FaultedJointMask != 0)
            {
                detectedAt = tick;
                maskAtDetection = servoBus.FaultedJointMask;
            }
        });

        Assert.InRange(detectedAt - unpluggedAt, 1, 3);
        Assert.Equal(0b10, maskAtDetection);
        Assert.True(servoBus.TryGetFault(1, out JointFault fault));
        Assert.True(fault.Flags.HasFlag(JointFaultFlags.NoReply));

        // Plug it back: the fault clears on its first answer, torque is re-enabled, tracking resumes.
        long pluggedAt = -1, clearedAt = -1;
        driver.RunFrames(5, tick =>
        {
            if (pluggedAt < 0)
            {
                chain.SetPresent(2, true);
                pluggedAt = tick;
            }
            else if (clearedAt < 0 && servoBus.FaultedJointMask == 0)
            {
                clearedAt = tick;
            }
        });

        Assert.InRange(clearedAt - pluggedAt, 1, 2);
        driver.RunFrames(90);
        Assert.Equal(0, servoBus.FaultedJointMask);
        Assert.True(driver.PointingErrorDeg < 1.5, $"pointing error {driver.PointingErrorDeg} deg after recovery");
    }
}
