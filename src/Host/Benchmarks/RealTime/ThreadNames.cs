namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Names this process's threads in reports: the kernel's name of each thread the sampler saw (15
/// characters: "robotedge-contr" is the control thread, ".NET Tiered Com" the runtime's tiering
/// worker), the main thread marked as such; a thread the sampler never saw is "thread &lt;tid&gt;".
/// </summary>
public sealed class ThreadNames
{
    /// <summary>The kernel's name of the runtime's tiered-compilation worker.</summary>
    public const string TieringWorkerName = ".NET Tiered Com";

    private readonly Dictionary<int, string> _names = [];
    private int _listenerThreadId;

    /// <summary>Ids of the tiered-compilation workers the sampler saw (the runtime ends an idle worker and starts another later).</summary>
    private readonly HashSet<int> _tieringWorkers = [];

    /// <summary>The names the sampler read (none when it did not run); <paramref name="listenerThreadId"/> is the runtime event listener's thread (0: none).</summary>
    public static ThreadNames From(ThreadActivitySampler? sampler, int listenerThreadId = 0)
    {
        var names = new ThreadNames { _listenerThreadId = listenerThreadId };
        for (int s = 0; s < (sampler?.ThreadCount ?? 0); s++)
        {
            names._names[sampler!.ThreadId(s)] = sampler.ThreadName(s);
            if (sampler.ThreadName(s) == TieringWorkerName)
            {
                names._tieringWorkers.Add(sampler.ThreadId(s));
            }
        }

        return names;
    }

    /// <summary>Whether <paramref name="tid"/> is a tiered-compilation worker (it compiles in the background; nobody waits for it).</summary>
    public bool IsTieringWorker(int tid) => _tieringWorkers.Contains(tid);

    /// <summary>The label of thread <paramref name="tid"/>.</summary>
    public string Label(int tid)
    {
        string name = _names.TryGetValue(tid, out string? known) && known.Length > 0 ? known : $"thread {tid}";
        // The main thread carries the process's name; in a real-time run it is the telemetry thread.
        return tid == Environment.ProcessId ? $"{name} (main thread: telemetry)"
            : tid == _listenerThreadId ? $"{name} (runtime event listener)"
            : name;
    }
}
