namespace RobotEdge.Perception.Tracking;

/// <summary>
/// The One-Euro filter (Casiez, Roussel, Vogel, CHI 2012) for one scalar signal: a first-order
/// low-pass whose cutoff rises with the signal's speed, so a still signal is smoothed hard (little
/// jitter) while a moving one is followed closely (little lag). Cutoff =
/// <see cref="MinCutoffHz"/> + <see cref="Beta"/> · |filtered speed|, the speed itself low-passed at
/// <see cref="DerivativeCutoffHz"/>. A mutable struct held in an array: no allocation, one thread.
/// </summary>
public struct OneEuroFilter
{
    private double _value;
    private double _lastRaw;
    private double _speed;
    private long _lastNs;
    private bool _primed;

    /// <summary>Creates a filter.</summary>
    /// <param name="minCutoffHz">Cutoff of a still signal, Hz (lower: less jitter, more lag at rest), &gt; 0.</param>
    /// <param name="beta">Cutoff increase per unit of speed (signal units per second), ≥ 0.</param>
    /// <param name="derivativeCutoffHz">Cutoff of the speed estimate, Hz, &gt; 0 (1 Hz is the authors' default).</param>
    public OneEuroFilter(double minCutoffHz, double beta, double derivativeCutoffHz = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minCutoffHz);
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(derivativeCutoffHz);
        MinCutoffHz = minCutoffHz;
        Beta = beta;
        DerivativeCutoffHz = derivativeCutoffHz;
        _value = _lastRaw = _speed = 0;
        _lastNs = 0;
        _primed = false;
    }

    /// <summary>Cutoff frequency at rest, Hz.</summary>
    public double MinCutoffHz { get; }

    /// <summary>Speed coefficient: Hz of extra cutoff per (unit/s) of speed.</summary>
    public double Beta { get; }

    /// <summary>Cutoff of the speed estimate, Hz.</summary>
    public double DerivativeCutoffHz { get; }

    /// <summary>The last filtered value.</summary>
    public readonly double Value => _value;

    /// <summary>The last filtered speed, units per second.</summary>
    public readonly double Speed => _speed;

    /// <summary>Whether the filter has a value (false until the first sample and after <see cref="Reset"/>).</summary>
    public readonly bool IsPrimed => _primed;

    /// <summary>
    /// Filters <paramref name="value"/> sampled at <paramref name="timeNs"/> (any monotonic clock,
    /// nanoseconds) and returns the estimate. The first sample passes through; a sample not later
    /// than the previous one returns the previous estimate unchanged. Real-time safe.
    /// </summary>
    public double Filter(double value, long timeNs)
    {
        if (!_primed)
        {
            _value = value;
            _lastRaw = value;
            _speed = 0;
            _lastNs = timeNs;
            _primed = true;
            return value;
        }

        double dt = (timeNs - _lastNs) * 1e-9;
        if (dt <= 0)
        {
            return _value;
        }

        _lastNs = timeNs;
        // The speed is that of the raw signal (as in the authors' reference code), so a ramp's speed
        // estimate settles on the ramp's slope.
        double rawSpeed = (value - _lastRaw) / dt;
        _lastRaw = value;
        _speed += Alpha(DerivativeCutoffHz, dt) * (rawSpeed - _speed);
        double cutoff = MinCutoffHz + Beta * Math.Abs(_speed);
        _value += Alpha(cutoff, dt) * (value - _value);
        return _value;
    }

    /// <summary>Forgets the state: the next sample passes through.</summary>
    public void Reset() => _primed = false;

    /// <summary>Smoothing factor of a first-order low-pass at <paramref name="cutoffHz"/> sampled every <paramref name="dtS"/> seconds.</summary>
    public static double Alpha(double cutoffHz, double dtS)
    {
        double tau = 1.0 / (2 * Math.PI * cutoffHz);
        return 1.0 / (1.0 + tau / dtS);
    }
}
