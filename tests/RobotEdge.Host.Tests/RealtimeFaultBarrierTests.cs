using RobotEdge.Bus.Frames;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// A robot thread that throws in a real-time run: its barrier records the fault on the run's
/// heartbeat (what the service host turns into exit code 1 and one line), the camera stops and the
/// joints are brought to a controlled stop and held.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class RealtimeFaultBarrierTests(ITestOutputHelper output)
{
    [Fact]
    public void A_thread_that_throws_ends_the_run_with_its_fault_recorded_and_the_joints_held()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: true);
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, rig.Config.Deadline, new SimulatedFrameTruth(rig.CameraSource.GroundTruth),
            rig.Perception.MinConfidence, 1_000) { Health = rig.Health };
        LoopHeartbeat heartbeat = rig.Heartbeat;

        // The fault: a frame from another pool slipped into the camera → compute hand-off. Whichever
        // thread hands it back to the rig's pool (compute after processing it, or the camera when it
        // replaces it as stale) throws there.
        var foreign = new FramePool(rig.Config.Camera.Width, rig.Config.Camera.Height, 1);
        Assert.True(foreign.TryRent(out Frame? intruder));
        var injector = new Thread(() =>
        {
            while (!heartbeat.IsRunning && heartbeat.Fault is null)
            {
                Thread.Sleep(5);
            }

            Frame? displaced = rig.PendingFrame.Exchange(intruder);
            if (displaced is not null)
            {
                rig.Frames.Return(displaced);
            }
        });
        injector.Start();
        RunOutcome outcome = RealtimeRunner.Run(rig, statistics, int.MaxValue);
        injector.Join();

        RunFault fault = Assert.IsType<RunFault>(heartbeat.Fault);
        output.WriteLine(fault.ToString());
        Assert.Contains(fault.Thread, new[] { "camera", "compute" });
        Assert.IsType<InvalidOperationException>(fault.Exception);
        Assert.DoesNotContain('\n', fault.ToString());
        Assert.True(outcome.EndedHolding, "the joints were not held after the fault");
        Assert.Equal(SafetyMode.Stopped, rig.Safety.Mode);
        Assert.True(rig.Safety.IsEmergencyStopLatched, "a fault latches the e-stop");
        Assert.Equal(MotionState.Holding, rig.Safety.Motion);
        Assert.True(heartbeat.ControlTicks > 0);
    }
}
