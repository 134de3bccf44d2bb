using System.Text.Json;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Nothing in the whole process allocates in steady state — not only the robot's threads (their
/// per-frame figure is checked elsewhere) but telemetry, logging, the safety log, the console
/// writer and the runtime's own threads: a collection triggered by any of them suspends the
/// real-time threads, and runs at the priority of whichever thread triggered it. Counted on the real
/// CLI in its own process over 150 steady-state frames (5 s of a real-time run). Counts, never times.
/// </summary>
[Collection(RealtimeWarmupCollection.Name)]
public sealed class ProcessAllocationTests(RealtimeWarmupRuns runs)
{
    /// <summary>
    /// The process-wide total advances by a whole allocation quantum (8 KiB) whenever any thread
    /// starts a new one, so "nothing" is a few quanta: threads that allocate a few bytes once (a
    /// one-off) may each open one. Anything allocated per frame or per tick — at least 24 B × 150
    /// frames, or × 2,500 ticks — needs more than that bound allows.
    /// </summary>
    private const long BoundBytes = 4 * 8192;

    [Fact]
    public void A_realtime_run_allocates_nothing_anywhere_in_the_process_in_steady_state()
    {
        JsonElement steady = runs.Report(realTime: true).GetProperty("steadyState");

        Assert.True(steady.GetProperty("allocatedBytes").GetInt64() <= BoundBytes, $"process allocation in steady state: {steady}");
        Assert.Equal(0, steady.GetProperty("telemetryAllocatedBytes").GetInt64());
        Assert.Equal(0, steady.GetProperty("collections").GetInt32());
    }

    [Fact]
    public void A_lockstep_run_allocates_nothing_anywhere_in_the_process_in_steady_state()
    {
        JsonElement steady = runs.Report(realTime: false).GetProperty("steadyState");

        Assert.True(steady.GetProperty("allocatedBytes").GetInt64() <= BoundBytes, $"process allocation in steady state: {steady}");
        Assert.Equal(0, steady.GetProperty("collections").GetInt32());
    }
}
