using System.Runtime;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Telemetry;

/// <summary>
/// What the .NET runtime and the kernel did for the whole process — every thread, ours or not
/// (telemetry, logging, console, safety log, ONNX Runtime's, the runtime's own) — as running counts:
/// a snapshot (<see cref="Take"/>) before and after a stretch of a run, subtracted, says whether that
/// stretch allocated, collected, compiled or faulted. Each of those can stop a real-time thread: a
/// collection suspends every managed thread (and runs on whichever thread triggered it, at that
/// thread's priority), a method compiled on a robot thread holds it for the compilation, a page fault
/// holds the thread that touched the page.
/// </summary>
/// <remarks>
/// <see cref="Take"/> is allocation-free, takes no lock and suspends nothing, so a robot thread may
/// call it once at a boundary of a run. It reads the allocation total without gathering the threads'
/// allocation contexts (GC.GetTotalAllocatedBytes(precise: false); the precise read suspends the
/// runtime): the total advances by a whole allocation quantum (about 8 KiB) when any thread needs a
/// new one, so a difference of 0 means no thread took a new quantum, and a thread allocating steadily
/// shows within a few of them.
/// </remarks>
public readonly struct RuntimeActivity
{
    /// <summary>Managed bytes allocated, to allocation-quantum precision (see the type's remarks).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Garbage collections of generation 0 (every collection counts here).</summary>
    public int Gen0Collections { get; init; }

    /// <summary>Collections of generation 1 (and 2).</summary>
    public int Gen1Collections { get; init; }

    /// <summary>Full collections (generation 2).</summary>
    public int Gen2Collections { get; init; }

    /// <summary>Time the runtime was paused for garbage collection.</summary>
    public TimeSpan GcPause { get; init; }

    /// <summary>Methods the JIT compiled, on any thread (first compilations, tier-up recompilations, on-stack replacement).</summary>
    public long MethodsCompiled { get; init; }

    /// <summary>Time spent compiling them.</summary>
    public TimeSpan CompilationTime { get; init; }

    /// <summary>Times a thread found a <c>lock</c> held and had to wait for it.</summary>
    public long LockContentions { get; init; }

    /// <summary>The kernel's page-fault and context-switch counts for the process.</summary>
    public ProcessResourceUsage Kernel { get; init; }

    /// <summary>Whether the runtime is in a no-GC region (<see cref="GC.TryStartNoGCRegion(long)"/>) at this snapshot.</summary>
    public bool InNoGcRegion { get; init; }

    /// <summary>The process's counts now. Any thread; allocation-free, no lock, no suspension.</summary>
    public static RuntimeActivity Take() => new()
    {
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
        Gen0Collections = GC.CollectionCount(0),
        Gen1Collections = GC.CollectionCount(1),
        Gen2Collections = GC.CollectionCount(2),
        GcPause = GC.GetTotalPauseDuration(),
        MethodsCompiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false),
        CompilationTime = System.Runtime.JitInfo.GetCompilationTime(currentThread: false),
        LockContentions = Monitor.LockContentionCount,
        Kernel = ProcessResourceUsage.Read(),
        InNoGcRegion = GCSettings.LatencyMode == GCLatencyMode.NoGCRegion,
    };

    /// <summary>What happened from <paramref name="earlier"/> to <paramref name="later"/> (<see cref="InNoGcRegion"/>: whether the region held throughout).</summary>
    public static RuntimeActivity operator -(RuntimeActivity later, RuntimeActivity earlier) => new()
    {
        AllocatedBytes = later.AllocatedBytes - earlier.AllocatedBytes,
        Gen0Collections = later.Gen0Collections - earlier.Gen0Collections,
        Gen1Collections = later.Gen1Collections - earlier.Gen1Collections,
        Gen2Collections = later.Gen2Collections - earlier.Gen2Collections,
        GcPause = later.GcPause - earlier.GcPause,
        MethodsCompiled = later.MethodsCompiled - earlier.MethodsCompiled,
        CompilationTime = later.CompilationTime - earlier.CompilationTime,
        LockContentions = later.LockContentions - earlier.LockContentions,
        Kernel = later.Kernel - earlier.Kernel,
        InNoGcRegion = later.InNoGcRegion && earlier.InNoGcRegion,
    };
}
