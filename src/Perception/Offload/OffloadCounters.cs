namespace RobotEdge.Perception.Offload;

/// <summary>
/// What the offloading estimator did, per frame. Written by the compute thread only; other
/// threads read a possibly slightly stale value.
/// </summary>
public sealed class OffloadCounters
{
    /// <summary>Frames routed on board from the start (edge unhealthy or too slow).</summary>
    public long OnBoard;

    /// <summary>Frames answered by the edge server.</summary>
    public long EdgeServed;

    /// <summary>Hedged frames the edge answered first.</summary>
    public long HedgedEdgeWins;

    /// <summary>Hedged frames the on-board model answered first.</summary>
    public long HedgedOnBoardWins;

    /// <summary>Edge-routed frames served on board because the server rejected them.</summary>
    public long FallbackRejected;

    /// <summary>Edge-routed frames served on board because no answer came in time.</summary>
    public long FallbackTimeout;

    /// <summary>Edge-routed frames served on board because the connection was lost or the send failed.</summary>
    public long FallbackDisconnected;

    /// <summary>All edge-routed frames served on board.</summary>
    public long Fallbacks => FallbackRejected + FallbackTimeout + FallbackDisconnected;
}
