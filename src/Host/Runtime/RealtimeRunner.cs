using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Bus.Timing;
using RobotEdge.Host.Runtime.Warmup;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Runs a rig in real time on three threads — camera, compute, control — joined only by lock-free
/// hand-offs: camera → compute through a newest-wins frame slot (a frame still waiting when the next
/// arrives is dropped as stale and its buffer recycled), compute → control through the goal
/// mailbox. The calling thread is the telemetry thread: it drains records and reports progress.
/// Latency is measured on the real clock from capture to the first command derived from the frame,
/// including the wait for the control tick. A cancelled run (and every run of a rig that
/// <see cref="RobotRig.StopsBeforeRelease"/>) ends with a controlled stop: the safety layer's
/// <c>stopped</c> mode brings the joints to a hold before the control thread ends.
/// One fault path: each robot thread runs inside a barrier that reports an unexpected exception to
/// the rig's <see cref="RobotRig.Heartbeat"/> (where the bus, console and edge client report theirs
/// too) and requests the e-stop. The control thread polls the heartbeat and the bus's
/// <see cref="Bus.Actuation.IActuatorBus.IoFailure"/> every tick, so any thread's fault latches the
/// e-stop within one tick; the camera stops, and the joints make a controlled stop and are held. When
/// the control thread itself fails, the calling thread (the watchdog) starts a thread that takes over
/// its ticks once it has ended: the loop keeps one writer, and the stop is still commanded.
/// Before the threads start the process is readied (<see cref="RuntimePreparation"/>: memory locked,
/// hot paths compiled, warm-up garbage collected); each robot thread takes its stack's page faults
/// and asks for SCHED_FIFO. No thread is pinned to a CPU: under SCHED_FIFO the kernel's real-time
/// wake-up placement puts the control thread on whichever core runs the lowest-priority task, which a
/// fixed mask cannot beat on 2 cores; without the privilege, pinning the control thread to one core
/// and compute and camera to the other was measured worse (2 CPU hogs on a machine at load 20–25:
/// 1,773 ticks run of the 10,000 due, 1,460 overruns, capture → command max 1,076 ms, against 4,281
/// ticks, 1,591 overruns, max 234 ms unpinned) — the fair scheduler needs both cores to move the loop
/// away from whatever else runs. What the whole process did
/// in steady state — allocations, collections, compilations, page faults, on any thread — is counted
/// from the first steady frame's command to the last frame (<see cref="RunOutcome.SteadyRuntime"/>).
/// </summary>
public sealed class RealtimeRunner
{
    /// <summary>Frames before steady state.</summary>
    public const int WarmupFrames = 60;

    /// <summary>Longest wait for the controlled stop to reach a hold at the end of a run, ms.</summary>
    private const int StopTimeoutMs = 3_000;

    /// <summary>How long the compute thread sleeps waiting for a frame before checking for shutdown, ms.</summary>
    private const int ComputeIdleWaitMs = 20;

    private readonly RobotRig _rig;
    private readonly int _frames;
    private readonly AutoResetEvent _frameReady = new(false);
    private volatile bool _cameraDone;
    private volatile bool _stopCompute;
    private volatile bool _stopControl;

    /// <summary>Set by the control thread's barrier when it ended with a fault: the watchdog then takes over the ticks.</summary>
    private volatile bool _controlFailed;
    private long _captured, _droppedStale, _droppedNoBuffer;
    private long _ticks, _overruns;
    private readonly long[] _allocatedSteadyBytes = new long[3];

    /// <summary>The process's runtime counts when the control thread applied the first steady frame's goal; written once by the control thread, read after it has ended.</summary>
    private RuntimeActivity _steadyBegin;

    /// <summary>Whether <see cref="_steadyBegin"/> was taken (the run reached steady state); set after it (volatile: the snapshot is visible to a thread that sees the flag).</summary>
    private volatile bool _steadyBegan;

    private readonly CancellationToken _cancel;

    /// <summary>Where the control thread records each tick's timing (<c>bench rt</c>); null in normal runs.</summary>
    private readonly RealtimeTrace? _trace;

    /// <summary>The rig's liveness counters and its one fault path (<see cref="RobotRig.Heartbeat"/>).</summary>
    private readonly LoopHeartbeat _heartbeat;

    private RealtimeRunner(RobotRig rig, int frames, CancellationToken cancel, RealtimeTrace? trace)
    {
        _rig = rig;
        _trace = trace;
        _frames = frames;
        _cancel = cancel;
        _heartbeat = rig.Heartbeat;
    }

    /// <summary>
    /// Runs <paramref name="frames"/> frames in real time, or fewer when <paramref name="cancel"/> is
    /// signalled (the camera stops, the last frame drains, the joints make a controlled stop and are
    /// held, the threads end), or when the camera's source ends (a video file), or when a robot
    /// thread fails (reported on the rig's <see cref="RobotRig.Heartbeat"/>; the same controlled stop
    /// follows, and the fault stays there for the command to report). With a <paramref name="trace"/>,
    /// the control thread records every tick's due, wake and end times in it.
    /// </summary>
    public static RunOutcome Run(RobotRig rig, RunStatistics statistics, int frames, Action<long, RunStatistics>? progress = null,
        CancellationToken cancel = default, RealtimeTrace? trace = null)
    {
        if (!rig.RealTime)
        {
            throw new ArgumentException("a real-time run needs a rig built on the real clock", nameof(rig));
        }

        return new RealtimeRunner(rig, frames, cancel, trace).Execute(statistics, progress);
    }

    private RunOutcome Execute(RunStatistics statistics, Action<long, RunStatistics>? progress)
    {
        bool memoryLocked = RuntimePreparation.BeforeRun(HotPathPreparation.HotTypes(_rig, statistics));
        _rig.Start();
        _rig.StartCamera();
        long wallStart = MonotonicClock.GetTimestampNs();
        RuntimeActivity runBegin = RuntimeActivity.Take();
        var control = new Thread(() =>
        {
            if (!Guarded("control", ControlThread))
            {
                _controlFailed = true;
            }
        }) { Name = "robotedge-control", IsBackground = true, Priority = ThreadPriority.Highest };
        var compute = new Thread(() => Guarded("compute", ComputeThread)) { Name = "robotedge-compute", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        var camera = new Thread(() =>
        {
            try
            {
                Guarded("camera", CameraThread);
            }
            finally
            {
                _cameraDone = true;
            }
        }) { Name = "robotedge-camera", IsBackground = true };
        control.Start();
        compute.Start();
        camera.Start();

        long lastReported = -1;
        long telemetryAllocatedStart = 0;
        bool telemetrySteady = false;
        while (!_cameraDone)
        {
            if (!telemetrySteady && _steadyBegan)
            {
                telemetryAllocatedStart = GC.GetAllocatedBytesForCurrentThread();
                telemetrySteady = true;
            }

            // The watchdog: when the control thread has failed nobody writes commands; a takeover
            // thread resumes its ticks at once, before the other threads have wound down.
            if (_controlFailed && _takeover is null)
            {
                StartTakeover(control);
            }

            Thread.Sleep(10);
            if (_heartbeat.Fault is null)
            {
                // The telemetry thread's own barrier: an observer that throws (a chart, a progress line)
                // is a fault of the run like any other, not an exit that leaves the robot under command.
                try
                {
                    statistics.Drain();
                    if (progress is not null && statistics.FramesProcessed / 25 != lastReported / 25)
                    {
                        lastReported = statistics.FramesProcessed;
                        progress(Interlocked.Read(ref _captured), statistics);
                    }
                }
                catch (Exception e)
                {
                    Fail("telemetry", e);
                }
            }
        }

        // The end of steady state: the camera has captured its last frame (what follows is the wind-down).
        bool steadyReached = _steadyBegan;
        RuntimeActivity steadyEnd = RuntimeActivity.Take();
        long? telemetryAllocated = telemetrySteady ? GC.GetAllocatedBytesForCurrentThread() - telemetryAllocatedStart : null;
        camera.Join();
        // Let the last frame reach the actuators before stopping the consumers.
        Thread.Sleep(100);
        _stopCompute = true;
        _frameReady.Set();
        compute.Join();
        Thread.Sleep(20);
        if (_controlFailed && _takeover is null)
        {
            StartTakeover(control);
        }

        bool holding = (_cancel.IsCancellationRequested || _rig.StopsBeforeRelease || _heartbeat.Fault is not null) && StopAndHold();
        _stopControl = true;
        control.Join();
        _takeover?.Join();
        try
        {
            statistics.Drain();
            progress?.Invoke(_captured, statistics);
        }
        catch (Exception e)
        {
            Fail("telemetry", e);
        }

        long steadyFrames = Math.Max(0, _captured - WarmupFrames);
        long allocated = _allocatedSteadyBytes.Sum();
        return new RunOutcome
        {
            Statistics = statistics,
            FramesCaptured = _captured,
            FramesDroppedStale = _droppedStale,
            FramesDroppedNoBuffer = _droppedNoBuffer,
            AllocatedBytesPerFrame = steadyFrames == 0 ? double.NaN : (double)allocated / steadyFrames,
            AllocationSampleFrames = steadyFrames,
            WallSeconds = (MonotonicClock.GetTimestampNs() - wallStart) * 1e-9,
            SimulatedSeconds = (MonotonicClock.GetTimestampNs() - wallStart) * 1e-9,
            ControlTicks = _ticks,
            ControlOverruns = _overruns,
            RealtimeScheduling = _realtimeScheduled.All(x => x),
            EndedHolding = holding,
            SteadyRuntime = steadyReached ? steadyEnd - _steadyBegin : null,
            WarmupRuntime = steadyReached ? _steadyBegin - runBegin : null,
            TelemetryAllocatedBytes = telemetryAllocated,
            MemoryLocked = memoryLocked,
        };
    }

    /// <summary>Whether each robot thread got real-time scheduling (camera, compute, control).</summary>
    private readonly bool[] _realtimeScheduled = new bool[3];

    /// <summary>
    /// Asks the safety layer for the <c>stopped</c> mode (goals discarded, joints decelerate, then
    /// hold where they stopped; torque stays on) and waits for the control thread to report the hold.
    /// </summary>
    /// <returns>Whether the joints were held within <see cref="StopTimeoutMs"/> (never while the bus's I/O thread is dead: no command reaches the actuators).</returns>
    private bool StopAndHold()
    {
        _rig.Safety.RequestMode(SafetyMode.Stopped);
        long until = MonotonicClock.GetTimestampNs() + StopTimeoutMs * 1_000_000L;
        while (_rig.Safety.Motion != MotionState.Holding && MonotonicClock.GetTimestampNs() < until)
        {
            Thread.Sleep(5);
        }

        // A tick or two of holding commands out before the loop ends.
        Thread.Sleep(20);
        return _rig.Safety.Motion == MotionState.Holding && _rig.Actuators.IoFailure is null;
    }

    /// <summary>
    /// A robot thread's fault barrier: runs <paramref name="body"/>; an exception it lets out is
    /// reported to the rig's one fault path (the first report wins) and the e-stop is requested at once,
    /// so the joints decelerate to a hold while the other threads wind down.
    /// </summary>
    /// <returns>false when <paramref name="body"/> threw.</returns>
    private bool Guarded(string thread, Action body)
    {
        try
        {
            body();
            return true;
        }
        catch (Exception e)
        {
            Fail(thread, e);
            return false;
        }
    }

    /// <summary>Reports <paramref name="thread"/>'s fault to the rig's one fault path and requests the e-stop. Off the hot path (a barrier's catch).</summary>
    private void Fail(string thread, Exception e)
    {
        _heartbeat.ReportFault(thread, e);
        _rig.Safety.RequestEmergencyStop();
    }

    /// <summary>The watchdog's thread, started when the control thread failed; null otherwise.</summary>
    private Thread? _takeover;

    /// <summary>
    /// The watchdog's control ticks after the control thread failed: the e-stop is latched and the loop
    /// body runs at its period until the run ends, so the joints are decelerated and held by the safety
    /// layer as they would have been. If a tick fails again (the fault is in the loop body or the bus
    /// write itself), the latched e-stop is all that is left: the actuators keep their last command.
    /// </summary>
    private void StartTakeover(Thread failedControl)
    {
        // The failed thread has left its loop (its barrier set the flag on the way out): after the
        // join the loop body has a single writer again.
        failedControl.Join();
        _takeover = new Thread(TakeOverControl) { Name = "robotedge-control-watchdog", IsBackground = true, Priority = ThreadPriority.Highest };
        _takeover.Start();
    }

    private void TakeOverControl()
    {
        _rig.Safety.RequestEmergencyStop();
        RealtimeScheduling.TryElevateCurrentThread(RealtimeScheduling.ControlPriority);
        long periodNs = _rig.Control.PeriodNs;
        long next = MonotonicClock.GetTimestampNs();
        try
        {
            while (!_stopControl)
            {
                PreciseWait.Until(next);
                long now = MonotonicClock.GetTimestampNs();
                if (now - next > periodNs)
                {
                    next = now;
                }

                _rig.Control.Tick(now);
                _ticks++;
                _heartbeat.ControlTicked();
                next += periodNs;
            }
        }
        catch (Exception)
        {
            // The first fault is already reported and stands for the run; this one has the same cause,
            // and the stop will be reported as not reaching a hold.
        }
    }

    private void CameraThread()
    {
        _realtimeScheduled[0] = RealtimeScheduling.TryElevateCurrentThread(RealtimeScheduling.CameraPriority);
        long periodNs = _rig.CameraPeriodNs;
        long startNs = _rig.CameraStartNs;
        long steadyStart = 0;
        for (long i = 0; i < _frames && !_cancel.IsCancellationRequested && _heartbeat.Fault is null; i++)
        {
            if (i == WarmupFrames)
            {
                steadyStart = GC.GetAllocatedBytesForCurrentThread();
            }

            if (periodNs > 0)
            {
                PreciseWait.Until(startNs + i * periodNs);
            }

            if (!_rig.Frames.TryRent(out Frame? frame))
            {
                _droppedNoBuffer++;
                continue;
            }

            _rig.Control.MeasuredState.TryPeekLatest(out JointState joints);
            frame.JointsAtCapture = joints;
            if (!_rig.FrameSource.TryCapture(frame))
            {
                _rig.Frames.Return(frame);
                break;
            }

            Interlocked.Increment(ref _captured);
            Frame? stale = _rig.PendingFrame.Exchange(frame);
            if (stale is not null)
            {
                _rig.Frames.Return(stale);
                _droppedStale++;
            }

            _frameReady.Set();
        }

        if (_frames > WarmupFrames)
        {
            _allocatedSteadyBytes[0] = GC.GetAllocatedBytesForCurrentThread() - steadyStart;
        }

        _cameraDone = true;
    }

    private void ComputeThread()
    {
        _realtimeScheduled[1] = RealtimeScheduling.TryElevateCurrentThread(RealtimeScheduling.ComputePriority);
        long steadyStart = 0;
        bool steady = false;
        while (!_stopCompute)
        {
            _heartbeat.ComputePassed();
            Frame? frame = _rig.PendingFrame.TryTake();
            if (frame is null)
            {
                _frameReady.WaitOne(ComputeIdleWaitMs);
                continue;
            }

            if (!steady && frame.Stamp.Sequence >= WarmupFrames)
            {
                steadyStart = GC.GetAllocatedBytesForCurrentThread();
                steady = true;
            }

            _rig.Compute.Process(frame);
            _rig.Frames.Return(frame);
            _heartbeat.FrameComputed();
        }

        Frame? left = _rig.PendingFrame.Drain();
        if (left is not null)
        {
            _rig.Frames.Return(left);
        }

        if (steady)
        {
            _allocatedSteadyBytes[1] = GC.GetAllocatedBytesForCurrentThread() - steadyStart;
        }
    }

    private void ControlThread()
    {
        _realtimeScheduled[2] = RealtimeScheduling.TryElevateCurrentThread(RealtimeScheduling.ControlPriority);
        long periodNs = _rig.Control.PeriodNs;
        long next = MonotonicClock.GetTimestampNs();
        long steadyStart = 0;
        bool steady = false;
        bool faultSeen = false;
        while (!_stopControl)
        {
            // The one fault path, once per tick (two volatile reads): the first fault any thread
            // reported, or the bus I/O thread's failure (reported here as the bus thread's), latches
            // the e-stop before this tick's command.
            if (!faultSeen)
            {
                if (_rig.Actuators.IoFailure is { } ioFailure)
                {
                    _heartbeat.ReportFault("bus", ioFailure);
                }

                if (_heartbeat.Fault is not null)
                {
                    faultSeen = true;
                    _rig.Safety.RequestEmergencyStop();
                }
            }

            PreciseWait.Until(next);
            long now = MonotonicClock.GetTimestampNs();
            long due = next;
            if (now - next > periodNs)
            {
                _overruns++;
                next = now; // Skip missed ticks rather than bursting to catch up.
            }

            ControlTickResult tick = _rig.Control.Tick(now);
            _trace?.RecordTick(due, now);
            _ticks++;
            _heartbeat.ControlTicked();
            if (tick.AppliedNewGoal)
            {
                if (!steady && tick.GoalStamp.Sequence >= WarmupFrames)
                {
                    steadyStart = GC.GetAllocatedBytesForCurrentThread();
                    steady = true;
                    // Once, at the boundary: allocation-free, no lock, no suspension.
                    _steadyBegin = RuntimeActivity.Take();
                    _steadyBegan = true;
                }

                _rig.CommandTelemetry.TryWrite(new CommandRecord
                {
                    Stamp = tick.GoalStamp,
                    GoalPlannedRealNs = tick.GoalPlannedRealNs,
                    CommandRealNs = tick.CommandRealNs,
                });
            }

            next += periodNs;
        }

        if (steady)
        {
            _allocatedSteadyBytes[2] = GC.GetAllocatedBytesForCurrentThread() - steadyStart;
        }
    }
}
