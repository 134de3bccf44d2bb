namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>The .NET runtime events <see cref="RuntimeEventRecorder"/> keeps (event ids of the Microsoft-Windows-DotNETRuntime provider).</summary>
public enum RuntimeEventKind : byte
{
    /// <summary>GCSuspendEEBegin (9): the runtime starts stopping every managed thread; <see cref="RuntimeEvent.Value"/> is the reason.</summary>
    SuspendBegin,

    /// <summary>GCRestartEEEnd (3): every managed thread may run again.</summary>
    RestartEnd,

    /// <summary>GCStart (1), on the thread that triggered it; <see cref="RuntimeEvent.Value"/> is the generation.</summary>
    GcStart,

    /// <summary>GCEnd (2).</summary>
    GcEnd,

    /// <summary>MethodJittingStarted (145), on the compiling thread; <see cref="RuntimeEvent.Text"/> is the method.</summary>
    JitStart,

    /// <summary>MethodLoadVerbose (143): the compiled code is in place; <see cref="RuntimeEvent.Value"/> is the optimisation tier.</summary>
    JitEnd,

    /// <summary>GCAllocationTick (10): about every 100 KB allocated, on the allocating thread; <see cref="RuntimeEvent.Text"/> is the type, <see cref="RuntimeEvent.Value"/> the bytes.</summary>
    AllocationTick,

    /// <summary>ExceptionThrown (80); <see cref="RuntimeEvent.Text"/> is the exception's type.</summary>
    Exception,

    /// <summary>ContentionStart (81): a thread blocks on a contended lock.</summary>
    ContentionStart,

    /// <summary>ContentionStop (91).</summary>
    ContentionStop,

    /// <summary>TieredCompilationBackgroundJitStart (283): the tiering worker starts draining its queue.</summary>
    BackgroundJitStart,

    /// <summary>TieredCompilationBackgroundJitStop (284).</summary>
    BackgroundJitStop,
}
