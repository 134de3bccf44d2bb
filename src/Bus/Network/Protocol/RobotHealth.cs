using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>
/// The robot's own health counters (robot → edge, kind 5), sent every few hundred milliseconds over
/// its connection for the site view. Counts are totals since the robot started (never reset while it
/// runs), so the server shows exactly what the robot counted, and a lost message costs nothing but
/// freshness.
/// </summary>
[MessagePackObject]
public sealed class RobotHealth : RobotToEdge
{
    /// <summary>Frames whose pose the robot chose to compute on board from the start.</summary>
    [Key(0)]
    public long RouteOnBoard { get; set; }

    /// <summary>Frames routed to the edge only (answered, or served on board after a fallback).</summary>
    [Key(1)]
    public long RouteEdge { get; set; }

    /// <summary>Frames sent to the edge and computed on board at once (either answer may have won).</summary>
    [Key(2)]
    public long RouteHedged { get; set; }

    /// <summary>Edge-routed frames served on board after a rejection, a timeout or a lost connection.</summary>
    [Key(3)]
    public long Fallbacks { get; set; }

    /// <summary>Frames whose first actuator command went out.</summary>
    [Key(4)]
    public long FramesCommanded { get; set; }

    /// <summary>Of those, frames later than the deadline.</summary>
    [Key(5)]
    public long DeadlineMisses { get; set; }

    /// <summary>End-to-end latency (capture to first command) over the robot's recent frames, median, ms.</summary>
    [Key(6)]
    public double LatencyP50Ms { get; set; }

    /// <summary>The same, 99th percentile, ms.</summary>
    [Key(7)]
    public double LatencyP99Ms { get; set; }

    /// <summary>The safety layer's mode: auto, manual or stopped.</summary>
    [Key(8)]
    public string? SafetyMode { get; set; }

    /// <summary>The active stop causes, names joined by ", "; empty or nil when none.</summary>
    [Key(9)]
    public string? StopCauses { get; set; }

    /// <summary>Bit i set: joint i reports an actuator fault.</summary>
    [Key(10)]
    public uint FaultMask { get; set; }

    /// <summary>The robot's end-to-end deadline, ms.</summary>
    [Key(11)]
    public double DeadlineMs { get; set; }

    /// <summary>A copy (the server keeps reports apart from the connection's buffers).</summary>
    public RobotHealth Clone() => (RobotHealth)MemberwiseClone();
}
