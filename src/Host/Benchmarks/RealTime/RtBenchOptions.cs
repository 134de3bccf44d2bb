namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>How <c>robotedge bench rt</c> runs. <see cref="Validate"/> names the offending option.</summary>
public sealed record RtBenchOptions
{
    /// <summary>Longest phase accepted, seconds.</summary>
    public const double MaxSeconds = 3_600;

    /// <summary>Most hog threads accepted.</summary>
    public const int MaxHogThreads = 64;

    /// <summary>Robot folder or its robot.json.</summary>
    public required string RobotPath { get; init; }

    /// <summary>Seconds of the probe, and of the loop after its warm-up frames.</summary>
    public double Seconds { get; init; } = 20;

    /// <summary>Busy threads at normal priority beside both phases.</summary>
    public int HogThreads { get; init; }

    /// <summary>Busy processes (<c>nice -n 5 yes &gt; /dev/null</c>) beside both phases.</summary>
    public int HogProcesses { get; init; }

    /// <summary>Whether to listen to the runtime's events (GC, suspensions, JIT, allocation ticks).</summary>
    public bool RuntimeEvents { get; init; } = true;

    /// <summary>Thread sampling interval, ms; 0 turns the sampler off.</summary>
    public int SampleIntervalMs { get; init; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (!(Seconds > 0 && Seconds <= MaxSeconds))
        {
            throw new ArgumentException($"--seconds must be in (0, {MaxSeconds}] (got {Seconds})");
        }

        if (HogThreads is < 0 or > MaxHogThreads)
        {
            throw new ArgumentException($"--hog must be 0..{MaxHogThreads} (got {HogThreads})");
        }

        if (HogProcesses is < 0 or > MaxHogThreads)
        {
            throw new ArgumentException($"--hog-processes must be 0..{MaxHogThreads} (got {HogProcesses})");
        }

        if (SampleIntervalMs is < 0 or > 1_000)
        {
            throw new ArgumentException($"--sample-ms must be 0..1000 (got {SampleIntervalMs})");
        }
    }
}
