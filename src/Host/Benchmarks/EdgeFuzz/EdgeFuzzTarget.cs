namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>The server a fuzz run speaks to, and who it may speak as.</summary>
public sealed class EdgeFuzzTarget
{
    /// <summary>The robots' WebSocket endpoint (<c>ws://…/robot</c>).</summary>
    public required Uri RobotEndpoint { get; init; }

    /// <summary>The model the server serves (the hello must name it).</summary>
    public required string ModelName { get; init; }

    /// <summary>Values in the model's input tensor (C×H×W): one byte each as uint8 pixels.</summary>
    public required int TensorValues { get; init; }

    /// <summary>The honest robot's id and token.</summary>
    public required (string Id, string Token) Honest { get; init; }

    /// <summary>The fuzzing robots' ids and tokens: one connection each, all at once.</summary>
    public required IReadOnlyList<(string Id, string Token)> Fuzzers { get; init; }

    /// <summary>The server's resident memory now, bytes (null where it cannot be read).</summary>
    public Func<long?> ServerRssBytes { get; init; } = () => null;

    /// <summary>Whether the server process is still running.</summary>
    public Func<bool> ServerAlive { get; init; } = () => true;
}
