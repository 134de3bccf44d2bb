namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>Where the slow frames lost their time.</summary>
public sealed class SlowFrameSteps
{
    /// <summary>The steady-state capture → command p99, ms: frames above it are the slow ones.</summary>
    public double? P99Ms { get; init; }

    /// <summary>Slow frames.</summary>
    public int Frames { get; init; }

    /// <summary>Per step, its median over all steady frames and the slow frames' total time above it, largest first.</summary>
    public List<StepExcess> Steps { get; init; } = [];
}
