namespace RobotEdge.Edge.Registry;

/// <summary>A robot the server knows: its id and its index (the scheduler's and site board's key).</summary>
public sealed class RobotEntry
{
    internal RobotEntry(int index, string id, byte[] tokenHash, bool revoked)
    {
        Index = index;
        Id = id;
        TokenHash = tokenHash;
        Revoked = revoked;
    }

    /// <summary>Position in the registry, 0-based.</summary>
    public int Index { get; }

    /// <summary>The robot's id.</summary>
    public string Id { get; }

    /// <summary>SHA-256 of the token: the token itself is not kept in memory after loading.</summary>
    internal byte[] TokenHash { get; }

    /// <summary>Whether the robot's token has been revoked. Written under the registry's lock.</summary>
    public bool Revoked { get; internal set; }
}
