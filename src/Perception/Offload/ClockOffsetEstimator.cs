namespace RobotEdge.Perception.Offload;

/// <summary>
/// Estimates the offset between the robot's monotonic clock and the edge server's from ping
/// round trips (NTP's four timestamps): offset = ((t1 − t0) + (t2 − t3)) / 2, round trip =
/// (t3 − t0) − (t2 − t1), where t0/t3 are the robot's send/receive times and t1/t2 the server's.
/// Of the last <see cref="Window"/> samples the one with the shortest round trip wins: its offset
/// has the smallest error bound (± round trip / 2). Nothing is assumed about the two clocks, not
/// even that they are the same one. Thread-safe: written by the receive thread, read by the
/// compute thread through a lock-free snapshot.
/// </summary>
public sealed class ClockOffsetEstimator
{
    /// <summary>Samples kept.</summary>
    public const int Window = 16;

    private readonly long[] _offsets = new long[Window];
    private readonly long[] _roundTrips = new long[Window];
    private int _count;

    /// <summary>The current estimate: edge time − robot time, ns, and its round trip, packed for atomic reads.</summary>
    private volatile Estimate? _estimate;

    /// <summary>Whether at least one sample arrived.</summary>
    public bool HasEstimate => _estimate is not null;

    /// <summary>Edge clock − robot clock, ns (0 before the first sample).</summary>
    public long OffsetNs => _estimate?.OffsetNs ?? 0;

    /// <summary>Round trip of the sample the estimate comes from, ns (0 before the first sample).</summary>
    public long RoundTripNs => _estimate?.RoundTripNs ?? 0;

    /// <summary>Converts a robot-clock time to the edge server's clock.</summary>
    public long ToEdgeNs(long robotNs) => robotNs + OffsetNs;

    /// <summary>Adds one ping: robot send t0, edge receive t1, edge send t2, robot receive t3 (ns). Receive thread only.</summary>
    public void AddSample(long robotSendNs, long edgeReceiveNs, long edgeSendNs, long robotReceiveNs)
    {
        long roundTrip = (robotReceiveNs - robotSendNs) - (edgeSendNs - edgeReceiveNs);
        if (roundTrip < 0 || edgeSendNs < edgeReceiveNs)
        {
            return;
        }

        long offset = ((edgeReceiveNs - robotSendNs) + (edgeSendNs - robotReceiveNs)) / 2;
        int slot = _count % Window;
        _offsets[slot] = offset;
        _roundTrips[slot] = roundTrip;
        _count++;

        int best = 0;
        int n = Math.Min(_count, Window);
        for (int i = 1; i < n; i++)
        {
            if (_roundTrips[i] < _roundTrips[best])
            {
                best = i;
            }
        }

        _estimate = new Estimate(_offsets[best], _roundTrips[best]);
    }

    /// <summary>Forgets every sample (a new connection may reach a different server).</summary>
    public void Reset()
    {
        _count = 0;
        _estimate = null;
    }

    private sealed record Estimate(long OffsetNs, long RoundTripNs);
}
