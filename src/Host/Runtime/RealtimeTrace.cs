using System.Runtime.InteropServices;
using RobotEdge.Bus.Clocks;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// The control loop's tick-by-tick timeline in a real-time run, for the benchmark that explains the
/// loop's tail (<c>robotedge bench rt</c>): when each tick was due, when the control thread woke for
/// it, and when the tick's body (read, update, write) ended — all on <see cref="MonotonicClock"/>, ns.
/// Allocated once, before the run. The control thread is its only writer (<see cref="RecordTick"/>:
/// three stores, no allocation, no lock); it is read only after <see cref="RealtimeRunner.Run"/> has
/// returned, whose join of the control thread orders every write before the reads. Ticks beyond
/// <see cref="Capacity"/> are counted in <see cref="DroppedTicks"/>, not kept.
/// </summary>
public sealed partial class RealtimeTrace
{
    private readonly long[] _dueNs;
    private readonly long[] _wokeNs;
    private readonly long[] _endNs;

    /// <summary>Ticks kept so far; written by the control thread only.</summary>
    private int _count;

    /// <summary>Creates a trace keeping up to <paramref name="capacity"/> ticks (at 500 Hz, 30,000 is one minute).</summary>
    public RealtimeTrace(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _dueNs = new long[capacity];
        _wokeNs = new long[capacity];
        _endNs = new long[capacity];
    }

    /// <summary>Most ticks kept.</summary>
    public int Capacity => _dueNs.Length;

    /// <summary>Ticks kept.</summary>
    public int Count => _count;

    /// <summary>Ticks run after the trace was full.</summary>
    public long DroppedTicks { get; private set; }

    /// <summary>The control thread's kernel thread id (Linux; 0 elsewhere, and before the first tick).</summary>
    public int ControlThreadId { get; private set; }

    /// <summary>When tick <paramref name="index"/> was due, ns.</summary>
    public long DueNs(int index) => _dueNs[index];

    /// <summary>When the control thread woke for tick <paramref name="index"/>, ns; its lateness is this minus <see cref="DueNs"/>.</summary>
    public long WokeNs(int index) => _wokeNs[index];

    /// <summary>When the body of tick <paramref name="index"/> ended (its bus write handed over), ns.</summary>
    public long EndNs(int index) => _endNs[index];

    /// <summary>
    /// Records one tick that was due at <paramref name="dueNs"/> and woke at <paramref name="wokeNs"/>;
    /// call it right after the tick's body, which ends now. Control thread only; real-time safe (no
    /// allocation, no lock, no blocking; the first call also reads the thread's id, one system call).
    /// </summary>
    public void RecordTick(long dueNs, long wokeNs)
    {
        long endNs = MonotonicClock.GetTimestampNs();
        if (ControlThreadId == 0 && OperatingSystem.IsLinux())
        {
            ControlThreadId = GetTid();
        }

        int i = _count;
        if (i == _dueNs.Length)
        {
            DroppedTicks++;
            return;
        }

        _dueNs[i] = dueNs;
        _wokeNs[i] = wokeNs;
        _endNs[i] = endNs;
        _count = i + 1;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
