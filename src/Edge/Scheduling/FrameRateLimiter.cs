namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// Per robot, whether a request keeps to the robot's declared frame rate, with slack: the generic
/// cell rate algorithm, a token bucket kept as one number per robot. Each robot has a theoretical
/// arrival time (TAT); a request arriving at t conforms when TAT − t is within the burst tolerance,
/// and then moves TAT on by one interval from max(TAT, t); a request that does not conform leaves
/// TAT where it was, so a flood earns the flooder nothing and a robot back at its rate conforms at
/// once.
/// <para>Why per robot and not per connection: a robot that reconnects keeps its bucket.</para>
/// <para>Threads: <see cref="Declare"/> from any thread (a robot's connection, at its hello);
/// <see cref="Conforms"/> from the scheduler's one thread only. Allocation-free.</para>
/// </summary>
public sealed class FrameRateLimiter
{
    /// <summary>Highest frame rate a robot may declare, Hz: beyond any camera on a site robot, and a bound on what one robot can claim.</summary>
    public const double MaxFrameRateHz = 240;

    /// <summary>Per robot, the interval between conforming requests at the declared rate plus slack, ns; written by <see cref="Declare"/>, read by <see cref="Conforms"/>.</summary>
    private readonly long[] _intervalNs;

    /// <summary>Per robot, the theoretical arrival time of its next request, ns (long.MinValue: none yet). Scheduler thread only.</summary>
    private readonly long[] _theoreticalArrivalNs;

    private readonly double _slack;
    private readonly int _burstFrames;

    /// <summary>Creates the limiter with every robot at <paramref name="defaultFrameRateHz"/>.</summary>
    /// <param name="robots">Robots (indices 0..robots−1), ≥ 1.</param>
    /// <param name="defaultFrameRateHz">The rate of a robot that declares none, Hz, in (0, <see cref="MaxFrameRateHz"/>].</param>
    /// <param name="slack">Fraction above the declared rate still conforming (clock drift, a rate rounded down), ≥ 0.</param>
    /// <param name="burstFrames">Requests that may arrive back to back (network jitter bunches frames), ≥ 1.</param>
    public FrameRateLimiter(int robots, double defaultFrameRateHz, double slack, int burstFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(robots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(slack);
        ArgumentOutOfRangeException.ThrowIfLessThan(burstFrames, 1);
        string? problem = defaultFrameRateHz == 0 ? "must be positive" : Check(defaultFrameRateHz);
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultFrameRateHz), defaultFrameRateHz, problem);
        }

        _slack = slack;
        _burstFrames = burstFrames;
        DefaultFrameRateHz = defaultFrameRateHz;
        _intervalNs = new long[robots];
        Array.Fill(_intervalNs, IntervalNs(defaultFrameRateHz));
        _theoreticalArrivalNs = new long[robots];
        Array.Fill(_theoreticalArrivalNs, long.MinValue);
    }

    /// <summary>The rate of a robot that declares none, Hz.</summary>
    public double DefaultFrameRateHz { get; }

    /// <summary>
    /// Why <paramref name="frameRateHz"/> cannot be a robot's declared rate, or null when it can:
    /// 0 (not declared) or a finite rate in (0, <see cref="MaxFrameRateHz"/>].
    /// </summary>
    public static string? Check(double frameRateHz) =>
        double.IsFinite(frameRateHz) && frameRateHz >= 0 && frameRateHz <= MaxFrameRateHz
            ? null
            : $"frame rate {frameRateHz} Hz is outside 0 (not declared) .. {MaxFrameRateHz} Hz";

    /// <summary>
    /// Sets robot <paramref name="robot"/>'s rate from its hello; 0 means "not declared" (the
    /// default rate). Any thread. The rate must have passed <see cref="Check"/>.
    /// </summary>
    public void Declare(int robot, double frameRateHz)
    {
        if (Check(frameRateHz) is string problem)
        {
            throw new ArgumentOutOfRangeException(nameof(frameRateHz), frameRateHz, problem);
        }

        Volatile.Write(ref _intervalNs[robot], IntervalNs(frameRateHz == 0 ? DefaultFrameRateHz : frameRateHz));
    }

    /// <summary>The interval between conforming requests of robot <paramref name="robot"/>, ns (its rate plus slack).</summary>
    public long IntervalOf(int robot) => Volatile.Read(ref _intervalNs[robot]);

    /// <summary>
    /// Whether a request of robot <paramref name="robot"/> arriving at <paramref name="arrivalNs"/>
    /// keeps to its rate; a conforming request is counted against the robot's bucket. Scheduler
    /// thread only. Real-time safe: no allocation, no lock.
    /// </summary>
    public bool Conforms(int robot, long arrivalNs)
    {
        long interval = Volatile.Read(ref _intervalNs[robot]);
        long tat = Math.Max(_theoreticalArrivalNs[robot], arrivalNs);
        if (tat - arrivalNs > (_burstFrames - 1) * interval)
        {
            return false;
        }

        _theoreticalArrivalNs[robot] = tat + interval;
        return true;
    }

    private long IntervalNs(double frameRateHz) => (long)(1e9 / (frameRateHz * (1 + _slack)));
}
