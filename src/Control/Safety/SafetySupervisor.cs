using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Safety;

/// <summary>
/// The safety layer, below every goal source and the controller, on the control thread: it decides
/// each tick whether the controller may drive (no stop cause holds) or the joints must make a
/// controlled stop and then hold, and it bounds every command by the joints' position, velocity and
/// effort limits. Stop causes: a latched e-stop, the command watchdog, actuator faults, lost
/// feedback, a lost console operator and the stopped mode (see <see cref="StopCauses"/>).
/// </summary>
/// <remarks>
/// <para>
/// Two kinds of caller. Any thread may request (<see cref="RequestEmergencyStop"/>,
/// <see cref="ResetEmergencyStop"/>, <see cref="RequestMode"/>, the operator watch) and read the
/// published snapshots; requests are lock-free writes (counters and volatile fields) that the control
/// thread picks up at the start of its next tick, so an e-stop requested during tick k shapes the
/// command of tick k+1 at the latest. Only the control thread calls the tick methods, in the order
/// <see cref="BeginTick"/>, <see cref="OfferGoal"/>, then either the controller or
/// <see cref="CommandStop"/>, then <see cref="Enforce"/> and <see cref="EndTick"/>; they are
/// real-time safe (no allocation, no locks, no blocking) and never log: every event goes into
/// <see cref="Events"/> for another thread to log (<see cref="SafetyEventLog"/>).
/// </para>
/// <para>
/// After any stop the controller's goal is discarded: motion resumes only from a goal that arrives
/// after every cause has cleared. Two causes latch and clear only by an operator's explicit act: the
/// e-stop (<see cref="ResetEmergencyStop"/>) and a lost console operator
/// (<see cref="ResetOperatorLoss"/>). No goal source, mode change, late heartbeat, taking or releasing
/// the control lease clears them: a robot stopped because nobody was watching must not start again
/// by itself when a link comes back.
/// </para>
/// </remarks>
public sealed class SafetySupervisor
{
    /// <summary>Events buffered between the control thread and the logging thread.</summary>
    public const int EventCapacity = 256;

    private readonly JointLimitSet _limits;
    private readonly double _periodS;
    private readonly long _watchdogTicks;
    private readonly long _operatorTicks;
    private readonly int _feedbackLossTicks;
    private readonly double _stopDecelerationRadPerS2;
    private readonly double _emergencyDecelerationRadPerS2;
    private readonly double _effortScale;

    /// <summary>Any thread increments; the control thread latches the e-stop when it differs from what it saw.</summary>
    private long _emergencyRequests;

    /// <summary>Real monotonic time of the newest e-stop request, ns (written before the counter's increment).</summary>
    private long _emergencyRequestRealNs;

    /// <summary>Ticks completed when the newest e-stop request was made (written before the counter's increment).</summary>
    private long _emergencyRequestTick;

    /// <summary>Any thread increments; the control thread resets the latch when it differs from what it saw.</summary>
    private long _resetRequests;

    /// <summary>The mode asked for (a <see cref="SafetyMode"/>); any thread writes, the control thread applies.</summary>
    private int _requestedMode;

    /// <summary>Any thread increments on each operator heartbeat.</summary>
    private long _operatorBeats;

    /// <summary>Any thread increments; the control thread clears a latched lost-operator stop when it differs from what it saw.</summary>
    private long _operatorResetRequests;

    /// <summary>1 while a console operator holds the control lease and must keep sending heartbeats.</summary>
    private int _operatorWatchArmed;

    /// <summary>Published by the control thread at the end of every tick: mode, causes, motion.</summary>
    private int _publishedMode, _publishedCauses, _publishedMotion;

    /// <summary>Ticks completed; written by the control thread only.</summary>
    private long _ticksCompleted;

    /// <summary>The newest e-stop's request → first stop command latency, ns and ticks (-1 before any).</summary>
    private long _lastEmergencyLatencyNs = -1, _lastEmergencyLatencyTicks = -1;

    /// <summary>Commands changed by the limits, and events that did not fit in the ring; written by the control thread only.</summary>
    private long _limitedCommands, _droppedEvents;

    // Control thread only from here on.
    private long _seenEmergencyRequests, _seenResetRequests, _seenBeats, _seenOperatorResets;
    private SafetyMode _mode;
    private StopCauses _causes;
    private MotionState _motion;
    private long _ticksSinceGoal;
    private bool _watchdogArmed;
    private int _ticksWithoutFeedback;
    private long _ticksSinceBeat;
    private bool _operatorArmedBefore;
    private int _faultMask;
    private bool _emergencyLatchedThisTick;
    private bool _controllerResetPending;
    private long _tick;
    private long _nowNs;
    private JointState _state;
    private JointVector _lastCommandRadPerS;
    private JointVector _holdRad;

    /// <summary>Creates the layer for joints with <paramref name="limits"/>, ticking at <paramref name="rateHz"/>.</summary>
    /// <exception cref="ArgumentException">The rate is not positive or the initial mode is unknown.</exception>
    public SafetySupervisor(JointLimitSet limits, SafetyConfig config, double rateHz)
    {
        if (!(rateHz > 0))
        {
            throw new ArgumentException($"control rate {rateHz} Hz must be positive", nameof(rateHz));
        }

        _limits = limits;
        _periodS = 1.0 / rateHz;
        _watchdogTicks = Math.Max(1, (long)Math.Ceiling(config.WatchdogTimeoutMs * 1e-3 * rateHz));
        _operatorTicks = Math.Max(1, (long)Math.Ceiling(config.OperatorTimeoutMs * 1e-3 * rateHz));
        OperatorTimeoutMs = config.OperatorTimeoutMs;
        _feedbackLossTicks = Math.Max(1, config.FeedbackLossTicks);
        _stopDecelerationRadPerS2 = config.StopDecelerationRadPerS2;
        _emergencyDecelerationRadPerS2 = config.EmergencyStopDecelerationRadPerS2;
        _effortScale = config.EffortLimitScale;
        _mode = ParseMode(config.InitialMode);
        _requestedMode = (int)_mode;
        _causes = _mode == SafetyMode.Stopped ? StopCauses.ModeStopped : StopCauses.None;
        // Starting stopped goes through the (zero-length) ramp, which records where to hold.
        _motion = _causes == StopCauses.None ? MotionState.Running : MotionState.Stopping;
        _state.JointCount = limits.Count;
        Publish();
    }

    /// <summary>Safety events, written by the control thread; exactly one other thread reads them.</summary>
    public SpscRing<SafetyEvent> Events { get; } = new(EventCapacity);

    /// <summary>Watchdog timeout in control ticks.</summary>
    public long WatchdogTicks => _watchdogTicks;

    /// <summary>Operator heartbeat timeout in control ticks.</summary>
    public long OperatorTimeoutTicks => _operatorTicks;

    /// <summary>
    /// Operator heartbeat timeout, ms, as configured: after this long without a heartbeat from the
    /// lease holder the robot stops. The console declares its link lost within the same period.
    /// </summary>
    public double OperatorTimeoutMs { get; }

    /// <summary>The mode as of the last completed tick. Any thread.</summary>
    public SafetyMode Mode => (SafetyMode)Volatile.Read(ref _publishedMode);

    /// <summary>The stop causes holding as of the last completed tick. Any thread.</summary>
    public StopCauses Causes => (StopCauses)Volatile.Read(ref _publishedCauses);

    /// <summary>Running, stopping or holding as of the last completed tick. Any thread.</summary>
    public MotionState Motion => (MotionState)Volatile.Read(ref _publishedMotion);

    /// <summary>The bus's faulted-joint mask as of the newest tick (bit i: joint i). Any thread.</summary>
    public int FaultMask => Volatile.Read(ref _faultMask);

    /// <summary>Whether the e-stop is latched as of the last completed tick. Any thread.</summary>
    public bool IsEmergencyStopLatched => (Causes & StopCauses.EmergencyStop) != 0;

    /// <summary>Control ticks completed. Any thread.</summary>
    public long TicksCompleted => Volatile.Read(ref _ticksCompleted);

    /// <summary>The newest e-stop's latency from request to the first stop command handed to the bus, real ns; -1 before any. Any thread.</summary>
    public long LastEmergencyStopLatencyNs => Volatile.Read(ref _lastEmergencyLatencyNs);

    /// <summary>
    /// The newest e-stop's latency in control ticks: ticks completed from the request up to and
    /// including the one that wrote the first stop command (1 = the very next tick); -1 before any. Any thread.
    /// </summary>
    public long LastEmergencyStopLatencyTicks => Volatile.Read(ref _lastEmergencyLatencyTicks);

    /// <summary>Commands that the limits changed (any joint clamped or a non-finite value replaced). Any thread.</summary>
    public long LimitedCommandCount => Volatile.Read(ref _limitedCommands);

    /// <summary>Events lost because the ring was full (the logging thread fell behind). Any thread.</summary>
    public long DroppedEventCount => Volatile.Read(ref _droppedEvents);

    /// <summary>
    /// Requests an e-stop. Any thread; lock-free, never blocks, never allocates. The next control tick
    /// latches it and starts the stop; it holds until <see cref="ResetEmergencyStop"/>.
    /// </summary>
    public void RequestEmergencyStop()
    {
        Volatile.Write(ref _emergencyRequestRealNs, MonotonicClock.GetTimestampNs());
        Volatile.Write(ref _emergencyRequestTick, Volatile.Read(ref _ticksCompleted));
        // Full fence: the two stamps above are visible before the count that announces them.
        Interlocked.Increment(ref _emergencyRequests);
    }

    /// <summary>
    /// Requests the reset of a latched e-stop. Any thread; lock-free. An e-stop requested before the
    /// next tick wins over this reset (requests are applied reset first, then e-stop). The joints
    /// stay held until a fresh goal arrives.
    /// </summary>
    public void ResetEmergencyStop() => Interlocked.Increment(ref _resetRequests);

    /// <summary>Requests a mode; applied at the next tick. Any thread; lock-free.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined mode.</exception>
    public void RequestMode(SafetyMode mode)
    {
        if (mode is not (SafetyMode.Auto or SafetyMode.Manual or SafetyMode.Stopped))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode");
        }

        Volatile.Write(ref _requestedMode, (int)mode);
    }

    /// <summary>
    /// Starts watching a console operator's heartbeats (they took the control lease): from now on,
    /// no <see cref="OperatorHeartbeat"/> for the operator timeout stops the robot. Does not clear a
    /// lost-operator stop that is already latched. Any thread.
    /// </summary>
    public void ArmOperatorWatch()
    {
        Interlocked.Increment(ref _operatorBeats);
        Volatile.Write(ref _operatorWatchArmed, 1);
    }

    /// <summary>
    /// Stops watching (the operator released the lease on purpose). A lost-operator stop that is
    /// already latched stays latched. Any thread.
    /// </summary>
    public void DisarmOperatorWatch() => Volatile.Write(ref _operatorWatchArmed, 0);

    /// <summary>
    /// One heartbeat from the operator holding the lease. Any thread; lock-free. Feeds the watch; a
    /// heartbeat that arrives after the watch fired does not clear the stop (see <see cref="ResetOperatorLoss"/>).
    /// </summary>
    public void OperatorHeartbeat() => Interlocked.Increment(ref _operatorBeats);

    /// <summary>
    /// An operator's explicit acknowledgement of a lost-operator stop (the console's reset): applied at
    /// the next tick, it clears <see cref="StopCauses.OperatorLost"/> and restarts the watch's count,
    /// so an armed watch whose heartbeats still do not come fires again after the timeout. Nothing
    /// else clears that cause. Any thread; lock-free. The joints stay held until a fresh goal arrives.
    /// </summary>
    public void ResetOperatorLoss() => Interlocked.Increment(ref _operatorResetRequests);

    /// <summary>The mode the control thread applies this tick. Control thread only.</summary>
    public SafetyMode CurrentMode => _mode;

    /// <summary>
    /// Whether the loop must reset its controller before using it this tick (motion resumed after a
    /// stop, or the mode changed). Reading it clears it. Control thread only.
    /// </summary>
    public bool TakeControllerReset()
    {
        bool pending = _controllerResetPending;
        _controllerResetPending = false;
        return pending;
    }

    /// <summary>
    /// Starts a tick: applies pending requests and checks faults, feedback and the operator watch.
    /// Control thread only; real-time safe.
    /// </summary>
    /// <param name="nowNs">The tick's time on the loop's clock, ns.</param>
    /// <param name="feedbackFresh">Whether the bus's TryRead gave fresh feedback this tick.</param>
    /// <param name="faultMask">The bus's <c>FaultedJointMask</c> read this tick.</param>
    /// <param name="state">The measured state (the newest one when feedback is not fresh).</param>
    public void BeginTick(long nowNs, bool feedbackFresh, int faultMask, in JointState state)
    {
        _tick = _ticksCompleted;
        _nowNs = nowNs;
        _state = state;
        _faultMask = faultMask;
        _emergencyLatchedThisTick = false;
        ApplyResetAndEmergency();
        ApplyMode();
        CheckFaults(faultMask);
        CheckFeedback(feedbackFresh);
        CheckOperator();
    }

    /// <summary>
    /// Tells the watchdog whether the active goal source delivered a fresh goal this tick and decides
    /// the tick's motion. Control thread only; real-time safe.
    /// </summary>
    /// <returns>true when the controller may drive this tick (no stop cause holds); false when the loop must call <see cref="CommandStop"/>.</returns>
    public bool OfferGoal(bool fresh)
    {
        if (fresh)
        {
            _ticksSinceGoal = 0;
            if ((_causes & StopCauses.Watchdog) != 0)
            {
                _causes &= ~StopCauses.Watchdog;
                Emit(SafetyEventKind.WatchdogCleared, 0);
            }

            // Armed only by goals that drive the robot: a goal discarded during another stop does
            // not make the watchdog expect more of them.
            _watchdogArmed = _causes == StopCauses.None;
        }
        else
        {
            _ticksSinceGoal++;
            if (_watchdogArmed && _causes == StopCauses.None && _ticksSinceGoal > _watchdogTicks)
            {
                _watchdogArmed = false;
                _causes |= StopCauses.Watchdog;
                Emit(SafetyEventKind.WatchdogExpired, _ticksSinceGoal);
            }
        }

        if (_causes != StopCauses.None)
        {
            if (_motion == MotionState.Running)
            {
                _motion = MotionState.Stopping;
                _watchdogArmed = false;
            }

            return false;
        }

        if (_motion != MotionState.Running)
        {
            _motion = MotionState.Running;
            _controllerResetPending = true;
            Emit(SafetyEventKind.Resumed, 0);
        }

        return true;
    }

    /// <summary>
    /// Writes this tick's stop command: each joint's velocity ramps from its last command to zero at
    /// the stop deceleration (the e-stop's when the e-stop holds), then the joints are held at the
    /// measured position where the ramp ended. Control thread only; real-time safe.
    /// </summary>
    public void CommandStop(ref JointCommand command)
    {
        int n = _limits.Count;
        command.JointCount = n;
        command.TimestampNs = _nowNs;
        command.EffortsNm = default;
        if (_motion == MotionState.Holding)
        {
            for (int i = 0; i < n; i++)
            {
                command.VelocitiesRadPerS[i] = 0;
                command.PositionsRad[i] = _holdRad[i];
            }

            return;
        }

        double deceleration = (_causes & StopCauses.EmergencyStop) != 0 ? _emergencyDecelerationRadPerS2 : _stopDecelerationRadPerS2;
        double step = deceleration * _periodS;
        bool moving = false;
        for (int i = 0; i < n; i++)
        {
            double v = _lastCommandRadPerS[i];
            v = v > 0 ? Math.Max(v - step, 0) : Math.Min(v + step, 0);
            moving |= v != 0;
            command.VelocitiesRadPerS[i] = v;
            command.PositionsRad[i] = _state.PositionsRad[i] + v * _periodS;
        }

        if (!moving)
        {
            _motion = MotionState.Holding;
            for (int i = 0; i < n; i++)
            {
                _holdRad[i] = Math.Clamp(_state.PositionsRad[i], _limits.LowerRad[i], _limits.UpperRad[i]);
                command.PositionsRad[i] = _holdRad[i];
            }

            Emit(SafetyEventKind.Holding, 0);
        }
    }

    /// <summary>
    /// Bounds <paramref name="command"/>, whatever produced it, by the joint limits: non-finite values
    /// become a hold, positions are clamped into [lower, upper], velocities to ±the velocity limit and
    /// to zero where a joint at a position limit would move further out, efforts to ±the scaled
    /// effort limit. Control thread only; real-time safe.
    /// </summary>
    public void Enforce(ref JointCommand command)
    {
        int n = _limits.Count;
        command.JointCount = n;
        bool limited = false;
        for (int i = 0; i < n; i++)
        {
            double lower = _limits.LowerRad[i], upper = _limits.UpperRad[i];
            double vMax = _limits.MaxVelocityRadPerS[i];
            double eMax = _limits.MaxEffortNm[i] * _effortScale;
            double q = _state.PositionsRad[i];
            double p = command.PositionsRad[i], v = command.VelocitiesRadPerS[i], e = command.EffortsNm[i];

            if (!double.IsFinite(v))
            {
                v = 0;
                p = double.NaN;
            }

            if (!double.IsFinite(p))
            {
                p = double.IsFinite(q) ? q : Math.Clamp(0, lower, upper);
            }

            if (!double.IsFinite(e))
            {
                e = 0;
            }

            double pc = Math.Clamp(p, lower, upper);
            double vc = Math.Clamp(v, -vMax, vMax);
            if ((q >= upper && vc > 0) || (q <= lower && vc < 0))
            {
                vc = 0;
            }

            double ec = Math.Clamp(e, -eMax, eMax);
            // Compare bits so that a replaced NaN counts as limited too.
            limited |= BitConverter.DoubleToInt64Bits(pc) != BitConverter.DoubleToInt64Bits(command.PositionsRad[i])
                       || BitConverter.DoubleToInt64Bits(vc) != BitConverter.DoubleToInt64Bits(command.VelocitiesRadPerS[i])
                       || BitConverter.DoubleToInt64Bits(ec) != BitConverter.DoubleToInt64Bits(command.EffortsNm[i]);
            command.PositionsRad[i] = pc;
            command.VelocitiesRadPerS[i] = vc;
            command.EffortsNm[i] = ec;
        }

        if (limited)
        {
            Volatile.Write(ref _limitedCommands, _limitedCommands + 1);
        }

        _lastCommandRadPerS = command.VelocitiesRadPerS;
    }

    /// <summary>
    /// Ends the tick after the command went to the bus at <paramref name="commandRealNs"/> (real
    /// monotonic ns): records the e-stop latency when this tick latched one, and publishes the
    /// snapshots. Control thread only; real-time safe.
    /// </summary>
    public void EndTick(long commandRealNs)
    {
        long completed = _tick + 1;
        if (_emergencyLatchedThisTick)
        {
            long latencyNs = commandRealNs - Volatile.Read(ref _emergencyRequestRealNs);
            Volatile.Write(ref _lastEmergencyLatencyNs, latencyNs);
            Volatile.Write(ref _lastEmergencyLatencyTicks, completed - Volatile.Read(ref _emergencyRequestTick));
            Emit(SafetyEventKind.EmergencyStopLatched, latencyNs);
        }

        Publish();
        Volatile.Write(ref _ticksCompleted, completed);
    }

    private void ApplyResetAndEmergency()
    {
        long resets = Volatile.Read(ref _resetRequests);
        if (resets != _seenResetRequests)
        {
            _seenResetRequests = resets;
            if ((_causes & StopCauses.EmergencyStop) != 0)
            {
                _causes &= ~StopCauses.EmergencyStop;
                _watchdogArmed = false;
                Emit(SafetyEventKind.EmergencyStopReset, 0);
            }
            else
            {
                Emit(SafetyEventKind.ResetIgnored, 0);
            }
        }

        long requests = Volatile.Read(ref _emergencyRequests);
        if (requests != _seenEmergencyRequests)
        {
            _seenEmergencyRequests = requests;
            if ((_causes & StopCauses.EmergencyStop) == 0)
            {
                _causes |= StopCauses.EmergencyStop;
                _emergencyLatchedThisTick = true;
            }
        }
    }

    private void ApplyMode()
    {
        var requested = (SafetyMode)Volatile.Read(ref _requestedMode);
        if (requested == _mode)
        {
            return;
        }

        SafetyMode previous = _mode;
        _mode = requested;
        _watchdogArmed = false;
        _ticksSinceGoal = 0;
        _controllerResetPending = true;
        _causes = requested == SafetyMode.Stopped ? _causes | StopCauses.ModeStopped : _causes & ~StopCauses.ModeStopped;
        Emit(SafetyEventKind.ModeChanged, (long)previous);
    }

    private void CheckFaults(int faultMask)
    {
        bool faulted = (_causes & StopCauses.ActuatorFault) != 0;
        if (faultMask != 0 && !faulted)
        {
            _causes |= StopCauses.ActuatorFault;
            Emit(SafetyEventKind.ActuatorFault, faultMask);
        }
        else if (faultMask == 0 && faulted)
        {
            _causes &= ~StopCauses.ActuatorFault;
            Emit(SafetyEventKind.ActuatorFaultCleared, 0);
        }
    }

    private void CheckFeedback(bool fresh)
    {
        bool lost = (_causes & StopCauses.FeedbackLost) != 0;
        if (fresh)
        {
            _ticksWithoutFeedback = 0;
            if (lost)
            {
                _causes &= ~StopCauses.FeedbackLost;
                Emit(SafetyEventKind.FeedbackRestored, 0);
            }

            return;
        }

        _ticksWithoutFeedback++;
        if (!lost && _ticksWithoutFeedback >= _feedbackLossTicks)
        {
            _causes |= StopCauses.FeedbackLost;
            Emit(SafetyEventKind.FeedbackLost, _ticksWithoutFeedback);
        }
    }

    private void CheckOperator()
    {
        bool armed = Volatile.Read(ref _operatorWatchArmed) != 0;
        long beats = Volatile.Read(ref _operatorBeats);
        long resets = Volatile.Read(ref _operatorResetRequests);
        bool reset = resets != _seenOperatorResets;
        _seenOperatorResets = resets;
        if (beats != _seenBeats || (armed && !_operatorArmedBefore) || reset)
        {
            _seenBeats = beats;
            _ticksSinceBeat = 0;
        }
        else
        {
            _ticksSinceBeat++;
        }

        _operatorArmedBefore = armed;
        bool lost = (_causes & StopCauses.OperatorLost) != 0;
        if (lost && reset)
        {
            // Latched: only the operator's acknowledgement clears it, never a late heartbeat or a
            // change of the watch, so a stalled link that recovers does not restart the robot.
            _causes &= ~StopCauses.OperatorLost;
            Emit(SafetyEventKind.OperatorRestored, 0);
        }
        else if (armed && !lost && _ticksSinceBeat > _operatorTicks)
        {
            _causes |= StopCauses.OperatorLost;
            Emit(SafetyEventKind.OperatorLost, _ticksSinceBeat);
        }
    }

    private void Emit(SafetyEventKind kind, long detail)
    {
        var e = new SafetyEvent
        {
            Kind = kind,
            Tick = _tick,
            TimestampNs = _nowNs,
            Mode = _mode,
            Causes = _causes,
            FaultMask = _faultMask,
            Detail = detail,
            State = _state,
            CommandedVelocitiesRadPerS = _lastCommandRadPerS,
        };
        if (!Events.TryWrite(e))
        {
            Volatile.Write(ref _droppedEvents, _droppedEvents + 1);
        }
    }

    private void Publish()
    {
        Volatile.Write(ref _publishedMode, (int)_mode);
        Volatile.Write(ref _publishedCauses, (int)_causes);
        Volatile.Write(ref _publishedMotion, (int)_motion);
    }

    /// <summary>Parses a mode name from configuration or the console (auto, manual, stopped; any case).</summary>
    /// <exception cref="ArgumentException">The name is none of these.</exception>
    public static SafetyMode ParseMode(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => SafetyMode.Auto,
        "manual" => SafetyMode.Manual,
        "stopped" => SafetyMode.Stopped,
        _ => throw new ArgumentException($"unknown safety mode '{name}' (expected auto, manual or stopped)"),
    };
}
