using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Runs a rig deterministically on its simulated clock, as fast as the CPU allows, all stages on the
/// calling thread in their real-time order: at each frame time the camera captures, the compute
/// stage infers and plans, then every control tick up to the next frame runs. Latency is compute
/// time on the real clock from frame ready to the first command (simulated waits excluded).
/// The stages share one fault barrier that names the stage that threw (camera, compute, control) on
/// the rig's <see cref="RobotRig.Heartbeat"/>; a fault, another thread's report on the heartbeat, or
/// a cancellation (SIGINT, SIGTERM) ends the frames, and the joints are then brought to a controlled
/// stop and held in simulated time, as the real-time runner does on the real clock.
/// </summary>
public static class LockstepRunner
{
    /// <summary>Frames before steady state: JIT, ONNX Runtime's first runs, caches.</summary>
    public const int WarmupFrames = 60;

    /// <summary>Most simulated time the controlled stop may take to reach a hold, s (as the real-time runner's wait).</summary>
    private const double StopTimeoutS = 3.0;

    /// <summary>Simulated time the hold is commanded after it is reached, s: the actuators settle on it.</summary>
    private const double HoldAfterStopS = 0.2;

    /// <summary>Runs <paramref name="frames"/> frames, or fewer when <paramref name="cancel"/> is signalled or a stage fails; <paramref name="progress"/> is called every few frames.</summary>
    public static RunOutcome Run(SimulatedRobotRig rig, RunStatistics statistics, int frames, Action<long, RunStatistics>? progress = null,
        CancellationToken cancel = default)
    {
        if (rig.Clock is not LockstepClock clock)
        {
            throw new ArgumentException("a lockstep run needs a rig built on the lockstep clock", nameof(rig));
        }

        rig.Start();
        long framePeriodNs = rig.CameraSource.PeriodNs;
        long tickPeriodNs = rig.Control.PeriodNs;
        long nextTickNs = 0, ticks = 0, framesRun = 0;
        long allocatedBytes = 0, allocationFrames = 0;
        var digest = new CommandDigest();
        long wallStart = MonotonicClock.GetTimestampNs();

        // The whole process's counts over steady state (every thread, not only this one).
        RuntimeActivity steadyBegin = default, steadyEnd = default;
        _ = RuntimeActivity.Take();

        // The stage running now, for the barrier's report (string literals: no allocation).
        string stage = "camera";
        try
        {
            for (long i = 0; i < frames && !cancel.IsCancellationRequested && rig.Heartbeat.Fault is null; i++)
            {
                long frameTimeNs = i * framePeriodNs;
                clock.AdvanceTo(frameTimeNs);
                if (i == WarmupFrames)
                {
                    steadyBegin = RuntimeActivity.Take();
                }

                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

                if (!rig.Frames.TryRent(out Frame? frame))
                {
                    throw new InvalidOperationException("frame pool exhausted in lockstep: a frame was not returned");
                }

                try
                {
                    stage = "camera";
                    rig.Control.MeasuredState.TryPeekLatest(out JointState joints);
                    frame.JointsAtCapture = joints;
                    rig.CameraSource.TryCapture(frame);
                    stage = "compute";
                    rig.Compute.Process(frame);
                }
                finally
                {
                    rig.Frames.Return(frame);
                }

                stage = "control";
                long nextFrameNs = frameTimeNs + framePeriodNs;
                for (; nextTickNs < nextFrameNs; nextTickNs += tickPeriodNs, ticks++)
                {
                    clock.AdvanceTo(Math.Max(nextTickNs, frameTimeNs));
                    ControlTickResult tick = rig.Control.Tick(clock.NowNs);
                    rig.Actuation.PumpLockstepCycle();
                    digest.Add(rig.Control.LastCommand);
                    if (tick.AppliedNewGoal)
                    {
                        rig.CommandTelemetry.TryWrite(new CommandRecord
                        {
                            Stamp = tick.GoalStamp,
                            GoalPlannedRealNs = tick.GoalPlannedRealNs,
                            CommandRealNs = tick.CommandRealNs,
                        });
                    }
                }

                framesRun = i + 1;
                if (i >= WarmupFrames)
                {
                    allocatedBytes += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                    allocationFrames++;
                }

                statistics.Drain();
                if (progress is not null && (i % 25 == 0 || i == frames - 1))
                {
                    progress(i + 1, statistics);
                }
            }
        }
        catch (Exception e)
        {
            rig.Heartbeat.ReportFault(stage, e);
        }

        if (framesRun > WarmupFrames)
        {
            steadyEnd = RuntimeActivity.Take();
        }

        bool holding = false, stopped = false;
        if (cancel.IsCancellationRequested || rig.Heartbeat.Fault is not null)
        {
            if (rig.Heartbeat.Fault is not null)
            {
                rig.Safety.RequestEmergencyStop();
            }

            holding = StopAndHold(rig, clock, ref nextTickNs, ref ticks, ref digest);
            stopped = true;
            progress?.Invoke(framesRun, statistics);
        }

        statistics.Drain();
        return new RunOutcome
        {
            Statistics = statistics,
            FramesCaptured = framesRun,
            AllocatedBytesPerFrame = allocationFrames == 0 ? double.NaN : (double)allocatedBytes / allocationFrames,
            AllocationSampleFrames = allocationFrames,
            WallSeconds = (MonotonicClock.GetTimestampNs() - wallStart) * 1e-9,
            SimulatedSeconds = (stopped ? nextTickNs : framesRun * framePeriodNs) * 1e-9,
            ControlTicks = ticks,
            CommandDigest = digest.Value,
            EndedHolding = holding,
            SteadyRuntime = framesRun > WarmupFrames ? steadyEnd - steadyBegin : null,
        };
    }

    /// <summary>
    /// The controlled stop in simulated time: the safety layer's <c>stopped</c> mode, control ticks
    /// until the joints are held (at most <see cref="StopTimeoutS"/>), then <see cref="HoldAfterStopS"/>
    /// of holding commands. A tick that throws ends it (the fault is the run's first one already, or
    /// is reported now): the actuators keep their last command.
    /// </summary>
    /// <returns>Whether the joints are held.</returns>
    private static bool StopAndHold(SimulatedRobotRig rig, LockstepClock clock, ref long nextTickNs, ref long ticks, ref CommandDigest digest)
    {
        rig.Safety.RequestMode(SafetyMode.Stopped);
        long periodNs = rig.Control.PeriodNs;
        long stopBy = nextTickNs + (long)(StopTimeoutS * 1e9);
        long holdUntil = long.MaxValue;
        try
        {
            for (; nextTickNs < stopBy && nextTickNs < holdUntil; nextTickNs += periodNs, ticks++)
            {
                clock.AdvanceTo(nextTickNs);
                rig.Control.Tick(clock.NowNs);
                rig.Actuation.PumpLockstepCycle();
                digest.Add(rig.Control.LastCommand);
                if (holdUntil == long.MaxValue && rig.Safety.Motion == MotionState.Holding)
                {
                    holdUntil = nextTickNs + (long)(HoldAfterStopS * 1e9);
                }
            }
        }
        catch (Exception e)
        {
            rig.Heartbeat.ReportFault("control", e);
            return false;
        }

        return rig.Safety.Motion == MotionState.Holding;
    }
}
