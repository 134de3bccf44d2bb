using RobotEdge.Bus.Messages;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// One goal write a bus completed on its transport, as its I/O thread saw it: pushed by value through
/// a <see cref="WireTimeline"/> to the telemetry thread.
/// </summary>
public struct WireWrite
{
    /// <summary>Goal writes this bus completed before this one, from 0; consecutive for consecutive writes (a gap means records were lost to a full ring).</summary>
    public long Index;

    /// <summary>
    /// Real monotonic time (<see cref="Clocks.MonotonicClock"/>) at which the write completed, ns:
    /// what "on the wire" means for each transport is stated by the bus that records it.
    /// </summary>
    public long WireRealNs;

    /// <summary>
    /// Whether this is the first write carrying a command derived from <see cref="Frame"/> (the frame's
    /// capture → wire latency ends here); false for writes that repeat an earlier frame's commands or
    /// carry none.
    /// </summary>
    public bool FirstForFrame;

    /// <summary>The frame the written command came from (valid when <see cref="FirstForFrame"/>).</summary>
    public FrameStamp Frame;
}
