namespace RobotEdge.Edge.Site;

/// <summary>Where a site task stands.</summary>
public enum SiteTaskState
{
    /// <summary>Waiting for an idle robot.</summary>
    Pending,

    /// <summary>A robot is on it.</summary>
    Assigned,

    /// <summary>The robot reported it done.</summary>
    Done,
}
