namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>How much to fuzz, and how fast.</summary>
public sealed class EdgeFuzzSettings
{
    /// <summary>Malformed messages to send in all (the issue asks for at least 100,000).</summary>
    public int Messages { get; init; } = 100_000;

    /// <summary>Malformed messages per second, all connections together.</summary>
    public int MessagesPerSecond { get; init; } = 5_000;

    /// <summary>Seed of the messages (the same seed sends the same messages).</summary>
    public int Seed { get; init; } = 20261203;

    /// <summary>The classes of malformed message to send; null: every one.</summary>
    public IReadOnlyCollection<FuzzClass>? Classes { get; init; }

    /// <summary>The honest robot's camera rate, Hz.</summary>
    public double HonestFrameRateHz { get; init; } = 30;

    /// <summary>Seconds the honest robot runs alone before the fuzzing: its baseline hit rate on the same machine.</summary>
    public double BaselineSeconds { get; init; } = 5;

    /// <summary>Capture → answer the honest robot needs, ms: a frame is a hit when its pose arrives by then.</summary>
    public double HonestDeadlineMs { get; init; } = 50;
}
