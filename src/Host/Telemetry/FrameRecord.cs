using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;

namespace RobotEdge.Host.Telemetry;

/// <summary>What the compute thread did with one frame; pushed to the telemetry thread by value.</summary>
public struct FrameRecord
{
    /// <summary>The frame.</summary>
    public FrameStamp Stamp;

    /// <summary>Real time the compute thread took the frame, nanoseconds.</summary>
    public long TakenRealNs;

    /// <summary>Perception step timings.</summary>
    public PerceptionTimings Perception;

    /// <summary>Planning time, nanoseconds.</summary>
    public long PlanNs;

    /// <summary>Whether a goal was published for this frame.</summary>
    public bool Planned;

    /// <summary>The pose estimate.</summary>
    public PoseEstimate Estimate;
}
