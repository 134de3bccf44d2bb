namespace RobotEdge.Bus.Network.Protocol;

/// <summary>The kind numbers of the edge → robot bodies (the first element of the <c>[kind, body]</c> array). Stable: never reused.</summary>
public static class EdgeToRobotKind
{
    /// <summary><see cref="Protocol.Welcome"/>.</summary>
    public const int Welcome = 1;

    /// <summary><see cref="InferResult"/>.</summary>
    public const int Result = 2;

    /// <summary><see cref="ClockPong"/>.</summary>
    public const int Pong = 3;

    /// <summary><see cref="TaskAssignment"/>.</summary>
    public const int Task = 4;

    /// <summary><see cref="Protocol.Refusal"/>.</summary>
    public const int Refusal = 5;
}
