namespace RobotEdge.Bus.Network.Protocol;

/// <summary>Why the server answered a request without a pose. On the wire: the integer value.</summary>
public enum RejectReason
{
    /// <summary>Not rejected (a pose), or rejected for a reason with no number of its own (the run failed).</summary>
    Unspecified = 0,

    /// <summary>The request cannot finish before its deadline (on arrival, or later while it waited).</summary>
    DeadlineUnreachable = 1,

    /// <summary>The server's queue is full.</summary>
    QueueFull = 2,

    /// <summary>A newer frame of the same robot arrived first.</summary>
    Superseded = 3,

    /// <summary>The request was invalid (detail says why).</summary>
    Malformed = 4,

    /// <summary>The server is stopping.</summary>
    ShuttingDown = 5,

    /// <summary>Under overload, this robot had missed fewer requests than its fair share of the misses.</summary>
    FairShare = 6,
}
