using RobotEdge.Bus.Messages;
using RobotEdge.Control.Safety;

namespace RobotEdge.Control.Loop;

/// <summary>What one control tick did, for deadline accounting.</summary>
public struct ControlTickResult
{
    /// <summary>Whether this tick applied a planner goal (auto mode) that had not been applied before.</summary>
    public bool AppliedNewGoal;

    /// <summary>Whether this tick applied a fresh operator goal (manual mode).</summary>
    public bool AppliedOperatorGoal;

    /// <summary>Stamp of the frame the applied goal came from (valid when <see cref="AppliedNewGoal"/>).</summary>
    public FrameStamp GoalStamp;

    /// <summary>Real time the planner published that goal, nanoseconds.</summary>
    public long GoalPlannedRealNs;

    /// <summary>Real time the command was handed to the bus (stamped just before <c>IActuatorBus.Write</c>), nanoseconds.</summary>
    public long CommandRealNs;

    /// <summary>Whether fresh feedback was read from the bus this tick.</summary>
    public bool FeedbackFresh;

    /// <summary>What the safety layer let the joints do this tick.</summary>
    public MotionState Motion;
}
