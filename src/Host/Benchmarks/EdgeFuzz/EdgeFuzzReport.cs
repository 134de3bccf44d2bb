namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>What a fuzz run found. Counts are exact; times are wall-clock on the machine that ran it.</summary>
public sealed class EdgeFuzzReport
{
    /// <summary>Malformed messages sent, by class.</summary>
    public required Dictionary<FuzzClass, long> Sent { get; init; }

    /// <summary>Malformed messages sent in all.</summary>
    public long SentTotal => Sent.Values.Sum();

    /// <summary>Seconds the fuzzing took.</summary>
    public required double Seconds { get; init; }

    /// <summary>Poses answered to malformed messages, by the class the answer's sequence names (must be empty).</summary>
    public required Dictionary<FuzzClass, long> PosesToBadMessages { get; init; }

    /// <summary>Poses answered on a fuzzing connection to a sequence it never wrote (must be 0).</summary>
    public required long PosesToUnknownSequences { get; init; }

    /// <summary>Rejections answered to the fuzzing connections, by reason.</summary>
    public required Dictionary<string, long> Rejections { get; init; }

    /// <summary>Connections the fuzzing robots opened (one each, then one per close).</summary>
    public required long Connections { get; init; }

    /// <summary>Fuzzing connections the server closed with a close frame, by close status.</summary>
    public required Dictionary<string, long> ClosedByServer { get; init; }

    /// <summary>Fuzzing connections that ended without a close frame (reset, or the server gone).</summary>
    public required long Resets { get; init; }

    /// <summary>Whether the server process still ran after the fuzzing.</summary>
    public required bool ServerAlive { get; init; }

    /// <summary>The honest robot's frames sent alone, before the fuzzing (<see cref="EdgeFuzzSettings.BaselineSeconds"/>).</summary>
    public required long BaselineFrames { get; init; }

    /// <summary>Of those, poses that arrived in time.</summary>
    public required long BaselineHits { get; init; }

    /// <summary>The honest robot's hit rate alone, before the fuzzing, 0..1: what the machine gave it without the fuzz.</summary>
    public double BaselineHitRate => BaselineFrames == 0 ? 0 : (double)BaselineHits / BaselineFrames;

    /// <summary>The honest robot's frames sent during the fuzzing.</summary>
    public required long HonestFrames { get; init; }

    /// <summary>Of those, poses that arrived within <see cref="EdgeFuzzSettings.HonestDeadlineMs"/>.</summary>
    public required long HonestHits { get; init; }

    /// <summary>The honest robot's rejections, by reason.</summary>
    public required Dictionary<string, long> HonestRejections { get; init; }

    /// <summary>Times the honest robot's connection ended during the fuzzing (must be 0).</summary>
    public required long HonestDisconnects { get; init; }

    /// <summary>The honest robot's answer latency (send → answer), median and 99th percentile, ms; null without answers.</summary>
    public required (double P50Ms, double P99Ms)? HonestLatency { get; init; }

    /// <summary>The server's resident memory before and after the fuzzing, bytes (null where unknown).</summary>
    public required long? RssBeforeBytes { get; init; }

    /// <inheritdoc cref="RssBeforeBytes"/>
    public required long? RssAfterBytes { get; init; }

    /// <summary>The honest robot's hit rate, 0..1.</summary>
    public double HonestHitRate => HonestFrames == 0 ? 0 : (double)HonestHits / HonestFrames;

    /// <summary>Poses answered to malformed messages, in all.</summary>
    public long PosesToBadMessagesTotal => PosesToBadMessages.Values.Sum() + PosesToUnknownSequences;
}
