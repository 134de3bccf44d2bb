using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// The machine's own floor, measured the way <c>cyclictest -m -p 40 -i 2000</c> does: one thread at the
/// control loop's SCHED_FIFO priority that sleeps until an absolute time on the monotonic clock with
/// the same call the loop uses (<see cref="PreciseWait"/>), once per period, and does nothing else. A
/// wake more than one period late skips the missed slots exactly as the control loop does, so the two
/// counts compare like for like. Every buffer is allocated before the thread starts; the thread
/// allocates nothing.
/// </summary>
public static class WakeupProbe
{
    /// <summary>The probe thread's name (the kernel keeps 15 characters).</summary>
    public const string ThreadName = "rtbench-probe";

    /// <summary>Runs <paramref name="wakeups"/> wake-ups at <paramref name="periodNs"/> under SCHED_FIFO <paramref name="priority"/> and returns them.</summary>
    public static ProbeRun Run(long periodNs, int wakeups, int priority)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodNs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wakeups);
        var dueNs = new long[wakeups];
        var wokeNs = new long[wakeups];
        bool realtime = false;
        int tid = 0;
        var thread = new Thread(() =>
        {
            realtime = RealtimeScheduling.TryElevateCurrentThread(priority);
            tid = OperatingSystem.IsLinux() ? ProcFiles.CurrentThreadId() : 0;
            long next = MonotonicClock.GetTimestampNs() + periodNs;
            for (int i = 0; i < wakeups; i++)
            {
                PreciseWait.Until(next);
                long now = MonotonicClock.GetTimestampNs();
                dueNs[i] = next;
                wokeNs[i] = now;
                // As the control loop: after an overrun the next slot is one period from now.
                next = now - next > periodNs ? now + periodNs : next + periodNs;
            }
        }) { Name = ThreadName, IsBackground = true, Priority = ThreadPriority.Highest };
        thread.Start();
        thread.Join();
        return new ProbeRun(periodNs, dueNs, wokeNs, realtime, tid);
    }
}
