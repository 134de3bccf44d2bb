namespace RobotEdge.Perception.Offload;

/// <summary>
/// A high percentile of the last <see cref="Window"/> durations, for route decisions. One writer
/// thread; any thread may read <see cref="ValueNs"/> and <see cref="Count"/> (single 64/32-bit
/// reads, never torn). Allocation-free.
/// </summary>
public sealed class RecentPercentile
{
    /// <summary>Samples kept.</summary>
    public const int Window = 64;

    private readonly long[] _samples = new long[Window];
    private readonly long[] _scratch = new long[Window];
    private readonly double _percentile;
    private volatile int _count;
    private long _value;

    /// <summary>Creates the window for percentile <paramref name="percentile"/> in (0, 1].</summary>
    public RecentPercentile(double percentile = 0.99) => _percentile = percentile;

    /// <summary>Samples recorded so far.</summary>
    public int Count => _count;

    /// <summary>The percentile over the window, ns (0 when empty).</summary>
    public long ValueNs => Volatile.Read(ref _value);

    /// <summary>Adds one duration, ns.</summary>
    public void Add(long ns)
    {
        _samples[_count % Window] = ns;
        _count++;
        int n = Math.Min(_count, Window);
        Array.Copy(_samples, _scratch, n);
        Array.Sort(_scratch, 0, n);
        Volatile.Write(ref _value, _scratch[Math.Clamp((int)Math.Ceiling(_percentile * n) - 1, 0, n - 1)]);
    }

    /// <summary>Forgets every sample (writer thread only).</summary>
    public void Clear()
    {
        _count = 0;
        Volatile.Write(ref _value, 0);
    }
}
