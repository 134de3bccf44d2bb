namespace RobotEdge.Edge.Registry;

/// <summary>The outcome of presenting a token, for the log (the robot only learns "refused").</summary>
public enum AuthenticationResult
{
    /// <summary>A known, valid token.</summary>
    Accepted,

    /// <summary>No bearer token in the request.</summary>
    Missing,

    /// <summary>A token no robot of the site has.</summary>
    Unknown,

    /// <summary>The token of a revoked robot.</summary>
    Revoked,
}
