using RobotEdge.Bus.Clocks;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Teleop.Telemetry;

namespace RobotEdge.Teleop.Server;

public sealed partial class ConsoleServer
{
    /// <summary>How many of the newest safety events a state message lists.</summary>
    private const int EventsShown = 8;

    /// <summary>The state thread, inside the console's fault barrier.</summary>
    private void StateLoop()
    {
        try
        {
            BroadcastStates();
        }
        catch (Exception e)
        {
            ReportFault("console state thread", e);
        }
    }

    /// <summary>
    /// The one reader of the loop's snapshots; builds a state message at
    /// <see cref="ConsoleOptions.StateRateHz"/> and offers it to every signed-in page.
    /// </summary>
    private void BroadcastStates()
    {
        var period = TimeSpan.FromSeconds(1.0 / _options.StateRateHz);
        long lastTick = -1, lastTickChangeNs = MonotonicClock.GetTimestampNs();
        while (!_shutdown.IsCancellationRequested)
        {
            if (_robot.Control.Snapshots.TryPeekLatest(out ControlSnapshot snapshot))
            {
                lock (_snapshotLock)
                {
                    _snapshot = snapshot;
                }
            }

            long now = MonotonicClock.GetTimestampNs();
            if (snapshot.Tick != lastTick)
            {
                lastTick = snapshot.Tick;
                lastTickChangeNs = now;
            }

            var telemetry = _robot.Telemetry.Drain();
            if (_sessions.Values.Any(s => s.SignedIn))
            {
                StateMessage state = BuildState(snapshot, telemetry, (now - lastTickChangeNs) * 1e-6);
                string? holder = Lease.HolderName;
                foreach (ConsoleSession session in _sessions.Values)
                {
                    if (!session.SignedIn)
                    {
                        continue;
                    }

                    state.LeaseHolder = holder;
                    state.Mine = Lease.IsHeldBy(session.Id);
                    session.OfferState(Serialize(state));
                }
            }

            _shutdown.Token.WaitHandle.WaitOne(period);
        }
    }

    private StateMessage BuildState(in ControlSnapshot snapshot,
        (ConsoleTelemetry.FrameSample[] Frames, ConsoleTelemetry.CommandSample[] Commands, long FramesTotal, long CommandsTotal, long Misses) telemetry,
        double loopSilentMs)
    {
        int n = _robot.Limits.Count;
        var setPoint = _driver.TargetRad;
        var joints = new JointStateInfo[n];
        for (int i = 0; i < n; i++)
        {
            joints[i] = new JointStateInfo
            {
                PositionRad = snapshot.State.PositionsRad[i],
                VelocityRadPerS = snapshot.State.VelocitiesRadPerS[i],
                CommandRad = snapshot.Command.PositionsRad[i],
                CommandRadPerS = snapshot.Command.VelocitiesRadPerS[i],
                SetPointRad = setPoint[i],
                Fault = _robot.Actuators?.JointFaultText(i),
            };
        }

        StopCauses causes = _robot.Safety.Causes;
        var causeNames = Enum.GetValues<StopCauses>().Where(c => c != StopCauses.None && (causes & c) != 0).Select(c => c.ToString()).ToArray();
        SafetyEvent[] recent = _robot.SafetyLog?.Recent() ?? [];
        long latencyNs = _robot.Safety.LastEmergencyStopLatencyNs;
        long dropped = _sessions.Values.Sum(s => s.DroppedFrames);
        return new StateMessage
        {
            Tick = snapshot.Tick,
            LoopSilentMs = loopSilentMs,
            Mode = _robot.Safety.Mode.ToString().ToLowerInvariant(),
            Motion = _robot.Safety.Motion.ToString().ToLowerInvariant(),
            Causes = causeNames,
            EStop = _robot.Safety.IsEmergencyStopLatched,
            ResetNeeded = (causes & ResettableCauses) != 0,
            EStopLatencyUs = latencyNs < 0 ? -1 : latencyNs * 1e-3,
            Joints = joints,
            Frames = telemetry.Frames.Select(f => new[] { f.Sequence, f.QueueMs, f.PreprocessMs, f.InferenceMs, f.DecodeMs, f.PlanMs }).ToArray(),
            Commands = telemetry.Commands.Select(c => new[] { c.Sequence, c.ControlMs, c.EndToEndMs }).ToArray(),
            FramesTotal = telemetry.FramesTotal,
            CommandsTotal = telemetry.CommandsTotal,
            Misses = telemetry.Misses,
            Video = new VideoInfo { Sent = _video.SentCount, EncodeMs = _video.EncodeMsAverage, Bytes = _video.LastBytes, Dropped = dropped },
            Events = recent.Skip(Math.Max(0, recent.Length - EventsShown)).Reverse().Select(e => new EventInfo
            {
                Kind = e.Kind.ToString(),
                Tick = e.Tick,
                Causes = e.Causes.ToString(),
                Mode = e.Mode.ToString().ToLowerInvariant(),
            }).ToArray(),
        };
    }
}
