namespace RobotEdge.Bus.Timing;

/// <summary>
/// Collects samples (e.g. latencies in milliseconds) into a buffer allocated once, and reports their
/// distribution. When more samples arrive than it holds, it keeps the newest. Single-threaded:
/// stages hand their timings to one telemetry thread, which owns the recorders.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly double[] _samples;
    private long _count;
    private double _max = double.NegativeInfinity;
    private double _sum;

    /// <summary>Creates a recorder holding up to <paramref name="capacity"/> samples.</summary>
    public LatencyRecorder(int capacity) => _samples = new double[Math.Max(1, capacity)];

    /// <summary>Samples recorded in total (including any no longer held).</summary>
    public long Count => _count;

    /// <summary>Largest sample recorded, or NaN when empty.</summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Mean of all samples recorded, or NaN when empty.</summary>
    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    /// <summary>Records one sample. Allocation-free.</summary>
    public void Add(double value)
    {
        _samples[_count % _samples.Length] = value;
        _count++;
        _sum += value;
        if (value > _max)
        {
            _max = value;
        }
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of the held samples by the nearest-rank method, or NaN
    /// when empty. Sorts a copy: call it when reporting, not on the hot path.
    /// </summary>
    public double Percentile(double quantile)
    {
        int held = (int)Math.Min(_count, _samples.Length);
        if (held == 0)
        {
            return double.NaN;
        }

        double[] sorted = _samples[..held];
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(Math.Clamp(quantile, 0, 1) * held);
        return sorted[Math.Clamp(rank - 1, 0, held - 1)];
    }
}
