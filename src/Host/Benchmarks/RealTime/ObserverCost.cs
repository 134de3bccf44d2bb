namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>What the measuring cost.</summary>
public sealed class ObserverCost
{
    /// <summary>Whether the runtime event listener ran.</summary>
    public bool RuntimeEvents { get; init; }

    /// <summary>Runtime events received, all kinds.</summary>
    public long EventsReceived { get; init; }

    /// <summary>Events of the kinds kept that did not fit.</summary>
    public long EventsDropped { get; init; }

    /// <summary>Managed bytes the listener's dispatch thread allocated.</summary>
    public long ListenerAllocatedBytes { get; init; }

    /// <summary>Sampling interval, ms (0: no thread sampling).</summary>
    public int SampleIntervalMs { get; init; }

    /// <summary>Samples taken.</summary>
    public int Samples { get; init; }

    /// <summary>Samples not taken because the sampler's buffer was full (a run longer than it holds).</summary>
    public long SamplesDropped { get; init; }

    /// <summary>Whether the sampler ran under SCHED_FIFO 1.</summary>
    public bool SamplerRealtime { get; init; }

    /// <summary>The sampler thread's CPU time per sample, µs.</summary>
    public double? SamplerCpuPerSampleUs { get; init; }

    /// <summary>Managed bytes the sampler thread allocated after its first samples (null when it took too few).</summary>
    public long? SamplerAllocatedBytes { get; init; }

    /// <summary>How the runtime events' clock was mapped onto the loop's.</summary>
    public string Note { get; init; } = "";
}
