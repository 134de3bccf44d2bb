using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Tests;

/// <summary>The whole sense–compute–act loop against the simulator, judged by its ground truth.</summary>
public class ClosedLoopTests
{
    [Fact]
    public void LockstepLoopAcquiresAndTracksTheTarget()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        // 12 s: acquisition from 14 degrees off, then a full pass of the sweep scenario.
        RunReport report = SimCommand.Run(rig, frames: 360, realTime: false, progress: null);

        Assert.Equal(360, report.Frames);
        // Deadline misses are a timing figure (reported by runs and benchmarks), not asserted here.
        Assert.True(report.FramesCommanded >= 355, $"only {report.FramesCommanded} frames reached the actuators");
        // Keypoints against the simulator's projections of the true marker centres.
        Assert.True(report.KeypointErrorPx.Mean < 1.0, $"mean keypoint error {report.KeypointErrorPx.Mean} px");
        Assert.True(report.KeypointErrorPx.P95 < 2.0, $"p95 keypoint error {report.KeypointErrorPx.P95} px");
        // Pointing error while the target moves at up to ~0.4 rad/s, after the 2 s settle time.
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
    }

    [Fact]
    public void LoopConvergesWithItsMotorsBehindSlcanOnAPseudoTerminal()
    {
        // Virtual MIT-mode motors behind a virtual SLCAN adapter on a real pty: the same loop, real bytes.
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Bus = "sim-slcan");
        RunReport report = SimCommand.Run(rig, frames: 240, realTime: false, progress: null);

        Assert.True(report.FramesCommanded >= 235, $"only {report.FramesCommanded} frames reached the actuators");
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
    }

    [Theory]
    [InlineData("sim-dynamixel")]
    [InlineData("sim-feetech")]
    public void LoopConvergesWithItsServosBehindAPseudoTerminal(string bus)
    {
        // Virtual X-series / STS3215 servos on a real pty, Dynamixel 2.0 / Feetech bytes on the wire;
        // the servos' true shaft angles go back through the bus's own mapping to render the camera.
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Bus = bus);
        RunReport report = SimCommand.Run(rig, frames: 360, realTime: false, progress: null);

        Assert.True(report.FramesCommanded >= 355, $"only {report.FramesCommanded} frames reached the actuators");
        Assert.True(report.KeypointErrorPx.Mean < 1.0, $"mean keypoint error {report.KeypointErrorPx.Mean} px");
        // The same bounds as the in-memory bus above.
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
        Assert.Equal(0, rig.Actuation.Bus.FaultedJointMask);
        Assert.True(rig.Actuation.ServoChain!.AppliedGoalCount > 1000, "the servos must really have been driven over the wire");
    }

    [Theory]
    [InlineData("sim-dynamixel")]
    [InlineData("sim-feetech")]
    [InlineData("sim-slcan")]
    public void SteadyStateLockstepLoopOverAPseudoTerminalAllocatesNothing(string bus)
    {
        // The bus cycles run on this thread in lockstep (PumpCycle), so they are counted too.
        const int steadyFrames = 150;
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Bus = bus);
        RunReport report = SimCommand.Run(rig, frames: LockstepRunner.WarmupFrames + steadyFrames, realTime: false, progress: null);

        // Nothing per frame. Over a pseudo-terminal the loaded machine decides which paths the bus
        // cycle takes (a servo's reply late past the cycle timeout runs the missed-reply path), and
        // under a CPU hog a one-off of 32 B in the whole window was seen twice (cause not pinned down;
        // a path's first run in the window is the suspect). The bound is therefore 64 B in total:
        // any allocation made per frame (at least 24 B × 150 frames) still fails it.
        double allocatedInWindow = report.AllocatedBytesPerFrame!.Value * steadyFrames;
        Assert.True(allocatedInWindow <= 64, $"{allocatedInWindow:F0} B allocated over {steadyFrames} steady frames ({report.AllocatedBytesPerFrame:F2} B/frame)");
    }

    [Fact]
    public void TwoLockstepRunsOfTheSameScenarioGiveIdenticalCommands()
    {
        string first, second;
        using (SimulatedRobotRig rig = TestRigs.Build(realTime: false))
        {
            first = SimCommand.Run(rig, frames: 120, realTime: false, progress: null).CommandDigest!;
        }

        using (SimulatedRobotRig rig = TestRigs.Build(realTime: false))
        {
            second = SimCommand.Run(rig, frames: 120, realTime: false, progress: null).CommandDigest!;
        }

        Assert.Equal(first, second);
        // A different start changes the commands: the digest is not a constant.
        using SimulatedRobotRig other = TestRigs.Build(realTime: false, c => c.Control.Kp = 10);
        Assert.NotEqual(first, SimCommand.Run(other, frames: 120, realTime: false, progress: null).CommandDigest);
    }

    [Fact]
    public void LoopWithTrackingAndPnpPosesTracksTheTargetWithoutAllocating()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c =>
        {
            c.Tracking.Enabled = true;
            c.Tracking.SolvePose = true;
        });
        RunReport report = SimCommand.Run(rig, frames: 360, realTime: false, progress: null);

        Assert.True(report.FramesCommanded >= 355, $"only {report.FramesCommanded} frames reached the actuators");
        Assert.True(report.KeypointErrorPx.Mean < 1.0, $"mean keypoint error {report.KeypointErrorPx.Mean} px");
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
        Assert.Equal(0, report.AllocatedBytesPerFrame);
    }

    [Fact]
    public void SteadyStateLockstepLoopAllocatesNothing()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        RunReport report = SimCommand.Run(rig, frames: LockstepRunner.WarmupFrames + 150, realTime: false, progress: null);

        Assert.Equal(0, report.AllocatedBytesPerFrame);
    }

    [Fact]
    public void DelayedPerceptionCountsMissesAndDropsStaleFrames()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: true);
        // Perception made to take 60 ms on purpose against 33 ms frames and a 50 ms deadline.
        RunReport report = SimCommand.Run(rig, frames: 45, realTime: true, progress: null, injectedDelayMs: 60);

        Assert.True(report.Misses > 0, "a 60 ms stage against a 50 ms deadline must miss");
        Assert.Equal(report.FramesCommanded, report.Misses);
        Assert.True(report.DroppedStaleFrames > 0, "frames arriving while perception is busy must be dropped, not queued");
        // Nothing queues: every captured frame was either processed or dropped as stale, except at
        // most the one still waiting in the newest-wins slot when the run stopped.
        long accounted = report.DroppedStaleFrames + report.StageLatencyMs["queue"].Samples + report.DroppedNoBufferFrames;
        Assert.InRange(accounted, report.Frames - 1, report.Frames);
        Assert.True(report.StageLatencyMs["queue"].Samples < report.Frames * 0.75, "with 60 ms perception at 30 fps, at most about half the frames can be processed");
    }
}
