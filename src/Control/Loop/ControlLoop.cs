using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Loop;

/// <summary>
/// The body of the fixed-rate control loop, ros2_control style: read the bus, let the safety layer
/// check requests, faults and feedback, take the newest goal of the active source (the planner in
/// auto mode, the operator in manual mode), update the controller — or command the safety layer's
/// controlled stop — bound the command by the limits, write the bus. <see cref="Tick"/> is real-time
/// safe (no allocation, no locks, no blocking) and is called from the control thread only — by the
/// real-time scheduler thread or by the lockstep runner. Pacing is the caller's job.
/// </summary>
public sealed class ControlLoop
{
    private readonly IActuatorBus _bus;
    private readonly LatestMailbox<JointGoal> _goals;
    private readonly JointTrackingController _controller;
    private readonly double _periodS;
    private JointState _state;
    private JointCommand _command;
    private ControlSnapshot _snapshot;

    /// <summary>Whether a perception goal has been applied since the controller last followed another source or stopped.</summary>
    private bool _trackingFrame;

    /// <summary>The frame of the perception goal the controller tracks (valid when <see cref="_trackingFrame"/>).</summary>
    private FrameStamp _trackedFrame;

    /// <summary>
    /// Creates the loop. The bus stays owned by the caller. Without <paramref name="safety"/> the loop
    /// gets a safety layer with the controller's limits and default settings.
    /// </summary>
    public ControlLoop(IActuatorBus bus, LatestMailbox<JointGoal> goals, JointTrackingController controller, double rateHz,
        SafetySupervisor? safety = null)
    {
        _bus = bus;
        _goals = goals;
        _controller = controller;
        _periodS = 1.0 / rateHz;
        PeriodNs = (long)Math.Round(1e9 / rateHz);
        _state.JointCount = bus.JointCount;
        Safety = safety ?? new SafetySupervisor(controller.Limits, new SafetyConfig(), rateHz);
    }

    /// <summary>Tick period, nanoseconds.</summary>
    public long PeriodNs { get; }

    /// <summary>The safety layer every command passes through.</summary>
    public SafetySupervisor Safety { get; }

    /// <summary>
    /// The operator's goals (manual mode): one writer (the console), newest wins. Read every tick and
    /// discarded unless the mode is manual.
    /// </summary>
    public LatestMailbox<JointGoal> ManualGoals { get; } = new();

    /// <summary>Measured joint state, published every tick (read by the camera stage to stamp frames).</summary>
    public LatestMailbox<JointState> MeasuredState { get; } = new();

    /// <summary>
    /// Every tick's measured state, command and safety state, newest wins, for one observer thread
    /// (the console). Published each tick: one mailbox copy, no allocation.
    /// </summary>
    public LatestMailbox<ControlSnapshot> Snapshots { get; } = new();

    /// <summary>The last command written.</summary>
    public ref readonly JointCommand LastCommand => ref _command;

    /// <summary>Runs one tick at <paramref name="nowNs"/> on the loop's clock.</summary>
    public ControlTickResult Tick(long nowNs)
    {
        var result = default(ControlTickResult);
        result.FeedbackFresh = _bus.TryRead(ref _state);
        MeasuredState.Publish(_state);
        Safety.BeginTick(nowNs, result.FeedbackFresh, _bus.FaultedJointMask, _state);

        // Both sources are drained every tick, so a goal never waits in a mailbox for a later mode.
        bool autoFresh = _goals.TryTake(out JointGoal autoGoal);
        bool manualFresh = ManualGoals.TryTake(out JointGoal manualGoal);
        SafetyMode mode = Safety.CurrentMode;
        bool manual = mode == SafetyMode.Manual;
        bool fresh = manual ? manualFresh : mode == SafetyMode.Auto && autoFresh;
        _trackingFrame &= mode == SafetyMode.Auto;

        bool mayMove = Safety.OfferGoal(fresh);
        if (Safety.TakeControllerReset())
        {
            _controller.Reset(_command.VelocitiesRadPerS);
        }

        if (mayMove)
        {
            if (fresh)
            {
                ref JointGoal goal = ref manual ? ref manualGoal : ref autoGoal;
                _controller.SetGoal(goal, nowNs);
                // Only perception's goals carry a frame whose latency the runners account for.
                result.AppliedNewGoal = !manual;
                result.AppliedOperatorGoal = manual;
                result.GoalStamp = goal.Stamp;
                result.GoalPlannedRealNs = goal.PlannedRealNs;
                _trackingFrame = !manual;
                _trackedFrame = goal.Stamp;
            }

            _controller.Update(_state, nowNs, _periodS, ref _command);
        }
        else
        {
            // A stop is nobody's goal: the next perception goal starts a frame's latency afresh.
            _trackingFrame = false;
            Safety.CommandStop(ref _command);
        }

        _command.HasSourceFrame = _trackingFrame && mayMove;
        _command.SourceFrame = _trackingFrame ? _trackedFrame : default;

        Safety.Enforce(ref _command);

        // Stamped just before the hand-off, so that a bus thread that takes the command at once can
        // never stamp its write earlier: capture → wire ≥ capture → command holds by causality.
        result.CommandRealNs = MonotonicClock.GetTimestampNs();
        _bus.Write(_command);
        Safety.EndTick(result.CommandRealNs);
        result.Motion = Safety.Motion;
        _snapshot.Tick = Safety.TicksCompleted - 1;
        _snapshot.State = _state;
        _snapshot.Command = _command;
        _snapshot.Motion = result.Motion;
        _snapshot.Mode = Safety.CurrentMode;
        _snapshot.Causes = Safety.Causes;
        Snapshots.Publish(_snapshot);
        return result;
    }
}
