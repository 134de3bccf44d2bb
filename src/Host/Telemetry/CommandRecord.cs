using RobotEdge.Bus.Messages;

namespace RobotEdge.Host.Telemetry;

/// <summary>The first actuator command derived from a frame; pushed by the control thread.</summary>
public struct CommandRecord
{
    /// <summary>The frame the goal came from.</summary>
    public FrameStamp Stamp;

    /// <summary>Real time the planner published the goal, nanoseconds.</summary>
    public long GoalPlannedRealNs;

    /// <summary>Real time the command was handed to the bus, nanoseconds.</summary>
    public long CommandRealNs;
}
