using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Runs a rig deterministically on its simulated clock, as fast as the CPU allows, all stages on the
/// calling thread in their real-time order: at each frame time the camera captures, the compute
/// stage infers and plans, then every control tick up to the next frame runs. Latency is compute
/// time on the real clock from frame ready to the first command (simulated waits excluded).
/// </summary>
public static class LockstepRunner
{
    /// <summary>Frames before steady state: JIT, ONNX Runtime's first runs, caches.</summary>
    public const int WarmupFrames = 60;

    /// <summary>Runs <paramref name="frames"/> frames; <paramref name="progress"/> is called every few frames.</summary>
    public static RunOutcome Run(SimulatedRobotRig rig, RunStatistics statistics, int frames, Action<long, RunStatistics>? progress = null)
    {
        if (rig.Clock is not LockstepClock clock)
        {
            throw new ArgumentException("a lockstep run needs a rig built on the lockstep clock", nameof(rig));
        }

        rig.Start();
        long framePeriodNs = rig.CameraSource.PeriodNs;
        long tickPeriodNs = rig.Control.PeriodNs;
        long nextTickNs = 0, ticks = 0;
        long allocatedBytes = 0, allocationFrames = 0;
        var digest = new CommandDigest();
        long wallStart = MonotonicClock.GetTimestampNs();

        for (long i = 0; i < frames; i++)
        {
            long frameTimeNs = i * framePeriodNs;
            clock.AdvanceTo(frameTimeNs);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

            if (!rig.Frames.TryRent(out Frame? frame))
            {
                throw new InvalidOperationException("frame pool exhausted in lockstep: a frame was not returned");
            }

            rig.Control.MeasuredState.TryPeekLatest(out JointState joints);
            frame.JointsAtCapture = joints;
            rig.CameraSource.TryCapture(frame);
            rig.Compute.Process(frame);
            rig.Frames.Return(frame);

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

        statistics.Drain();
        return new RunOutcome
        {
            Statistics = statistics,
            FramesCaptured = frames,
            AllocatedBytesPerFrame = allocationFrames == 0 ? double.NaN : (double)allocatedBytes / allocationFrames,
            AllocationSampleFrames = allocationFrames,
            WallSeconds = (MonotonicClock.GetTimestampNs() - wallStart) * 1e-9,
            SimulatedSeconds = frames * framePeriodNs * 1e-9,
            ControlTicks = ticks,
            CommandDigest = digest.Value,
        };
    }
}
