using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Timing;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Runtime.Warmup;

/// <summary>
/// Readies the process for a real-time run, after the rig's warm-up (<see cref="RobotRig.WarmUp"/>:
/// perception and planning compiled, ONNX Runtime's buffers sized) and before the robot's threads
/// start: the process's memory is locked (<see cref="MemoryLock"/>), the methods of the loop's hot
/// types are compiled (<see cref="HotPathPreparation"/>), the code a run calls on its own account —
/// the runtime snapshots, the clock wait — is run once, and the garbage of building and
/// warming up is collected and compacted now, so that a run starts with its whole gen-0 budget free
/// and the survivors of the build are not promoted by a collection in the middle of the run.
/// Not real-time; the calling thread blocks for the collection (tens of milliseconds).
/// </summary>
/// <remarks>
/// Why the JIT is not a concern here: the robotedge process runs with tiered compilation off
/// (<c>RobotEdge.Host.csproj</c>), so each method is compiled once, fully optimised, on its first call,
/// and never again — no tier-0 code, no background recompilation, no call-counting stubs whose
/// removal suspends the runtime. What is left to warm is every path's first call, which the rig's
/// warm-up and the run's own warm-up frames (<see cref="RealtimeRunner.WarmupFrames"/>) make.
/// </remarks>
public static class RuntimePreparation
{
    /// <summary>Performs the preparation described on the type, compiling every method of <paramref name="hotTypes"/> (<see cref="HotPathPreparation"/>) first.</summary>
    /// <returns>Whether the process's memory is locked.</returns>
    public static bool BeforeRun(IEnumerable<Type> hotTypes)
    {
        bool locked = MemoryLock.TryLockProcess();
        HotPathPreparation.Prepare(hotTypes);

        // First calls of what the runners call at a run's boundaries and every tick, so that their
        // compilation falls before the first frame and not on a robot thread.
        _ = RuntimeActivity.Take() - RuntimeActivity.Take();
        PreciseWait.Until(MonotonicClock.GetTimestampNs());
        _ = CpuPlacement.CurrentCpu();

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return locked;
    }
}
