namespace RobotEdge.Host.Hosting;

/// <summary>What <c>robotedge edge</c>'s command line asked for, handed to <see cref="EdgeService"/>.</summary>
public sealed class EdgeRunOptions
{
    /// <summary>Where to listen (Kestrel URLs, ';'-separated).</summary>
    public required string Urls { get; init; }

    /// <summary>Site file, or null to write a fresh site of three robots.</summary>
    public string? SitePath { get; init; }

    /// <summary>Robot folder whose model card the server serves.</summary>
    public required string RobotPath { get; init; }

    /// <summary>Scheduling policy: deadline or fcfs.</summary>
    public required string Policy { get; init; }

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; init; }

    /// <summary>Execution providers in order of preference, ','-separated.</summary>
    public required string Providers { get; init; }

    /// <summary>Threads ONNX Runtime may use for one run, at least 1.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Operators file for the site view, or null.</summary>
    public string? OperatorsPath { get; init; }
}
