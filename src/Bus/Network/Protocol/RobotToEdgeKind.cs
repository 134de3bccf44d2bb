namespace RobotEdge.Bus.Network.Protocol;

/// <summary>The kind numbers of the robot → edge bodies (the first element of the <c>[kind, body]</c> array). Stable: never reused.</summary>
public static class RobotToEdgeKind
{
    /// <summary><see cref="Protocol.Hello"/>.</summary>
    public const int Hello = 1;

    /// <summary><see cref="InferRequest"/>.</summary>
    public const int Infer = 2;

    /// <summary><see cref="ClockPing"/>.</summary>
    public const int Ping = 3;

    /// <summary><see cref="RobotStatus"/>.</summary>
    public const int Status = 4;

    /// <summary><see cref="RobotHealth"/>.</summary>
    public const int Health = 5;
}
