using System.Diagnostics;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// A CPU hog beside the benchmark, for as long as it lives: <c>--hog N</c> threads of this process
/// that spin at normal priority (they allocate nothing; but the runtime must still bring each of them
/// to a safe point whenever it suspends the process, and a starved thread can make that wait), and/or
/// <c>--hog-processes N</c> separate processes running <c>nice -n 5 yes &gt; /dev/null</c>, as the CI
/// machine's hog does, which the runtime never waits for.
/// </summary>
public sealed class CpuHog : IDisposable
{
    /// <summary>The command each hog process runs (through <c>/bin/sh</c>): the CI machine's hog.</summary>
    public const string ProcessCommand = "exec nice -n 5 yes > /dev/null";

    /// <summary>Prefix of the hog threads' names ("rtbench-hog-0" …).</summary>
    public const string ThreadNamePrefix = "rtbench-hog-";

    private readonly Thread[] _threads;
    private readonly List<Process> _processes = [];
    private volatile bool _stop;

    /// <summary>Where the spin's result goes, so that the loop has an effect to keep.</summary>
    private ulong _sink;

    /// <summary>Starts <paramref name="threads"/> busy threads and <paramref name="processes"/> busy processes (0: none).</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">/bin/sh cannot be started.</exception>
    public CpuHog(int threads, int processes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfNegative(processes);
        for (int i = 0; i < processes; i++)
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(ProcessCommand);
            _processes.Add(Process.Start(start)!);
        }

        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Spin) { Name = ThreadNamePrefix + i, IsBackground = true, Priority = ThreadPriority.Normal };
            _threads[i].Start();
        }
    }

    /// <summary>Busy threads running.</summary>
    public int Threads => _threads.Length;

    /// <summary>Busy processes running.</summary>
    public int Processes => _processes.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        foreach (Thread t in _threads)
        {
            t.Join();
        }

        foreach (Process p in _processes)
        {
            p.Kill();
            p.WaitForExit();
            p.Dispose();
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
