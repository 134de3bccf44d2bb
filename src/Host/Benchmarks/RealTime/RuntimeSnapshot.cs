using System.Runtime;
using RobotEdge.Bus.Clocks;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>The runtime's process-wide counters at one moment, to difference over a phase. Off the hot path.</summary>
public readonly record struct RuntimeSnapshot(long TimeNs, int Gen0, int Gen1, int Gen2, long GcPauseNs, long JitMethods, long JitNs, long AllocatedBytes)
{
    /// <summary>Reads the counters now.</summary>
    public static RuntimeSnapshot Take() => new(MonotonicClock.GetTimestampNs(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalPauseDuration().Ticks * 100, JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().Ticks * 100, GC.GetTotalAllocatedBytes(precise: false));

    /// <summary>What happened between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static RuntimeActivity Between(RuntimeSnapshot start, RuntimeSnapshot end) => new(
        end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, (end.GcPauseNs - start.GcPauseNs) / 1e6,
        end.JitMethods - start.JitMethods, (end.JitNs - start.JitNs) / 1e6, end.AllocatedBytes - start.AllocatedBytes);
}
