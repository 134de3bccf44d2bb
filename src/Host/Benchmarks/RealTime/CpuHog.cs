namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// <c>--hog N</c>: N threads of this process that spin at normal priority for as long as the hog
/// lives, the in-process counterpart of <c>yes &gt; /dev/null</c> on each core. They allocate
/// nothing, so the GC never waits on them for more than a safepoint.
/// </summary>
public sealed class CpuHog : IDisposable
{
    /// <summary>Prefix of the hog threads' names ("rtbench-hog-0" …).</summary>
    public const string ThreadNamePrefix = "rtbench-hog-";

    private readonly Thread[] _threads;
    private volatile bool _stop;

    /// <summary>Where the spin's result goes, so that the loop has an effect to keep.</summary>
    private ulong _sink;

    /// <summary>Starts <paramref name="threads"/> busy threads (0: none).</summary>
    public CpuHog(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Spin) { Name = ThreadNamePrefix + i, IsBackground = true, Priority = ThreadPriority.Normal };
            _threads[i].Start();
        }
    }

    /// <summary>Busy threads running.</summary>
    public int Threads => _threads.Length;

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        foreach (Thread t in _threads)
        {
            t.Join();
        }
    }

    private void Spin()
    {
        ulong x = 88172645463325252UL;
        while (!_stop)
        {
            // xorshift: work the optimiser cannot remove, no memory traffic.
            for (int i = 0; i < 10_000; i++)
            {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }

            Volatile.Write(ref _sink, x);
        }
    }
}
