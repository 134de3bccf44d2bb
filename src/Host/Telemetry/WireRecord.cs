using RobotEdge.Bus.Messages;

namespace RobotEdge.Host.Telemetry;

/// <summary>
/// A frame whose first command has been written by every bus of the robot: the end of its capture →
/// wire latency. Made by the telemetry thread from the buses' <see cref="Bus.Timing.WireTimeline"/>s.
/// </summary>
public struct WireRecord
{
    /// <summary>The frame.</summary>
    public FrameStamp Stamp;

    /// <summary>Real monotonic time at which the last bus's write carrying the frame's command completed, ns.</summary>
    public long WireRealNs;
}
