using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;

namespace RobotEdge.Control.Loop;

/// <summary>
/// The body of the fixed-rate control loop, ros2_control style: read the bus, take the newest goal,
/// update the controller, write the bus. <see cref="Tick"/> is real-time safe (no allocation, no
/// locks, no blocking) and is called from the control thread only — by the real-time scheduler
/// thread or by the lockstep runner. Pacing is the caller's job.
/// </summary>
public sealed class ControlLoop
{
    private readonly IActuatorBus _bus;
    private readonly LatestMailbox<JointGoal> _goals;
    private readonly JointTrackingController _controller;
    private readonly double _periodS;
    private JointState _state;
    private JointCommand _command;

    /// <summary>Creates the loop. The bus stays owned by the caller.</summary>
    public ControlLoop(IActuatorBus bus, LatestMailbox<JointGoal> goals, JointTrackingController controller, double rateHz)
    {
        _bus = bus;
        _goals = goals;
        _controller = controller;
        _periodS = 1.0 / rateHz;
        PeriodNs = (long)Math.Round(1e9 / rateHz);
        _state.JointCount = bus.JointCount;
    }

    /// <summary>Tick period, nanoseconds.</summary>
    public long PeriodNs { get; }

    /// <summary>Measured joint state, published every tick (read by the camera stage to stamp frames).</summary>
    public LatestMailbox<JointState> MeasuredState { get; } = new();

    /// <summary>The last command written.</summary>
    public ref readonly JointCommand LastCommand => ref _command;

    /// <summary>Runs one tick at <paramref name="nowNs"/> on the loop's clock.</summary>
    public ControlTickResult Tick(long nowNs)
    {
        var result = default(ControlTickResult);
        result.FeedbackFresh = _bus.TryRead(ref _state);
        MeasuredState.Publish(_state);

        if (_goals.TryTake(out JointGoal goal))
        {
            _controller.SetGoal(goal, nowNs);
            result.AppliedNewGoal = true;
            result.GoalStamp = goal.Stamp;
            result.GoalPlannedRealNs = goal.PlannedRealNs;
        }

        _controller.Update(_state, nowNs, _periodS, ref _command);
        _bus.Write(_command);
        result.CommandRealNs = MonotonicClock.GetTimestampNs();
        return result;
    }
}
