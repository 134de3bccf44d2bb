namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>The causes at one kind of bad moment.</summary>
public sealed class AttributionReport
{
    /// <summary>What the windows are.</summary>
    public string Windows { get; init; } = "";

    /// <summary>Bad moments.</summary>
    public int Count { get; init; }

    /// <summary>Their total length after merging overlaps, ms.</summary>
    public double WindowMs { get; init; }

    /// <summary>Causes ranked by the time they were charged in the windows.</summary>
    public List<RankedCause> Causes { get; init; } = [];

    /// <summary>Of the window time, how long the victim thread (probe or control) was runnable but waiting for a CPU, ms; null when not sampled.</summary>
    public double? VictimRunnableWaitMs { get; init; }

    /// <summary>Page faults of the process in the windows (minor, major), prorated from the samples; null when not sampled.</summary>
    public double? MinorFaultsInWindows { get; init; }

    /// <summary>Major page faults in the windows.</summary>
    public double? MajorFaultsInWindows { get; init; }

    /// <summary>Minor page faults per second over the whole phase, for comparison.</summary>
    public double? MinorFaultsPerSecond { get; init; }

    /// <summary>Every window (up to <see cref="RtBenchAnalysis.MaxWindowDetails"/>): start from the phase's start, length, and its largest causes.</summary>
    public List<WindowDetail> Details { get; init; } = [];
}
