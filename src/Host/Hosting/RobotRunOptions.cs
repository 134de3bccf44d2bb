using RobotEdge.Perception.Offload;

namespace RobotEdge.Host.Hosting;

/// <summary>What <c>robotedge run</c>'s command line asked for, handed to <see cref="RobotService"/>.</summary>
public sealed class RobotRunOptions
{
    /// <summary>Robot folder or its robot.json.</summary>
    public required string RobotPath { get; init; }

    /// <summary>Most camera frames to run (int.MaxValue: until stopped or the end of a video file).</summary>
    public int Frames { get; init; } = int.MaxValue;

    /// <summary>Where to write the run's JSON report, or null.</summary>
    public string? ReportPath { get; init; }

    /// <summary>No progress line.</summary>
    public bool Quiet { get; init; }

    /// <summary>Operator console address, or null for none.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>Operator file for the console, or null for one fresh operator.</summary>
    public string? OperatorsPath { get; init; }

    /// <summary>The site edge server to offload perception to, or null.</summary>
    public EdgeClientOptions? Edge { get; init; }
}
