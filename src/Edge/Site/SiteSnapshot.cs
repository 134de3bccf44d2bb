namespace RobotEdge.Edge.Site;

/// <summary>The site board as the status endpoint shows it.</summary>
public sealed record SiteSnapshot(SiteSnapshot.Robot[] Robots, SiteSnapshot.Task[] Tasks)
{
    /// <summary>One robot: connection, fault, position (metres), current task.</summary>
    public sealed record Robot(string Id, bool Connected, bool Faulted, double XM, double YM, string? TaskId);

    /// <summary>One task: state (pending, assigned, done) and the robot on it or that did it.</summary>
    public sealed record Task(string Id, string State, string? RobotId, string Description);
}
