namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>What a <see cref="WakeupProbe"/> run recorded.</summary>
/// <param name="PeriodNs">Its period, ns.</param>
/// <param name="DueNs">Per wake-up, when it was due (monotonic ns).</param>
/// <param name="WokeNs">Per wake-up, when the thread ran again.</param>
/// <param name="Realtime">Whether the thread got SCHED_FIFO.</param>
/// <param name="ThreadId">Its kernel thread id (0 off Linux).</param>
public sealed record ProbeRun(long PeriodNs, long[] DueNs, long[] WokeNs, bool Realtime, int ThreadId)
{
    /// <summary>Per wake-up, its lateness, ns.</summary>
    public long[] LatenessNs() => [.. DueNs.Select((due, i) => WokeNs[i] - due)];
}
