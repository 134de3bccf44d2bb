using RobotEdge.Host.Benchmarks.RealTime;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Tests.Benchmarks;

/// <summary>The control loop's trace hook: what it keeps, what it drops, and that recording a tick allocates nothing.</summary>
public sealed class RtBenchTraceTests
{
    [Fact]
    public void TheTraceKeepsTicksUpToItsCapacityThenCountsTheRest()
    {
        var trace = new RealtimeTrace(100);
        for (int i = 0; i < 250; i++)
        {
            trace.RecordTick(dueNs: i * 2_000_000L, wokeNs: i * 2_000_000L + i);
        }

        Assert.Equal(100, trace.Count);
        Assert.Equal(150, trace.DroppedTicks);
        Assert.Equal(ProcFiles.CurrentThreadId(), trace.ControlThreadId);
        Assert.Equal((14_000_000L, 14_000_007L), (trace.DueNs(7), trace.WokeNs(7)));
        for (int i = 1; i < trace.Count; i++)
        {
            Assert.True(trace.EndNs(i) >= trace.EndNs(i - 1), "tick ends are stamped in order on the monotonic clock");
        }
    }

    /// <summary>
    /// Recording is three stores on the control thread: 0 bytes per tick. Up to five windows of 10,000
    /// ticks, the last must allocate nothing (a tier-1 recompilation of a caller can land in one window
    /// on a loaded machine; an allocation per tick would show in every window).
    /// </summary>
    [Fact]
    public void RecordingATickAllocatesNothing()
    {
        var trace = new RealtimeTrace(60_000);
        long allocated = -1;
        for (int window = 0; window < 5 && allocated != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                trace.RecordTick(i, i + 1);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }
}
