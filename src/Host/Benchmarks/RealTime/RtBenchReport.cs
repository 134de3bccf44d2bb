using RobotEdge.Host.Reporting;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// What <c>robotedge bench rt</c> measured, printed and written as JSON: the probe (the machine's
/// floor) and the loop side by side, then what was happening at every bad moment of each.
/// </summary>
public sealed class RtBenchReport
{
    /// <summary>Robot name.</summary>
    public string Robot { get; init; } = "";

    /// <summary>Seconds the probe ran, and the loop's steady state after its warm-up frames.</summary>
    public double SecondsPerPhase { get; init; }

    /// <summary>Busy threads at normal priority beside both phases (<c>--hog</c>).</summary>
    public int HogThreads { get; init; }

    /// <summary>Busy processes beside both phases (<c>--hog-processes</c>).</summary>
    public int HogProcesses { get; init; }

    /// <summary>Control period, µs (the probe's too).</summary>
    public double PeriodUs { get; init; }

    /// <summary>SCHED_FIFO priority of the control thread and of the probe.</summary>
    public int Priority { get; init; }

    /// <summary>Whether the probe thread got SCHED_FIFO.</summary>
    public bool ProbeRealtime { get; init; }

    /// <summary>Whether the robot's threads got SCHED_FIFO.</summary>
    public bool LoopRealtime { get; init; }

    /// <summary>The probe's wake-up lateness.</summary>
    public LatenessHistogram Probe { get; init; } = new();

    /// <summary>The control thread's wake-up lateness, every tick of the run.</summary>
    public LatenessHistogram ControlTicks { get; init; } = new();

    /// <summary>Control ticks the trace could not keep (the run outlasted it).</summary>
    public long TicksNotTraced { get; init; }

    /// <summary>Control overruns per 10,000 ticks over the probe's late wake-ups per 10,000 (null when the probe had none).</summary>
    public double? OverrunsOverProbe { get; init; }

    /// <summary>The loop's run report: capture → command and → wire, stages, frames, misses.</summary>
    public RunReport Run { get; init; } = new();

    /// <summary>Steady-state frames (after the warm-up frames) whose first command was handed to the bus.</summary>
    public long SteadyFrames { get; init; }

    /// <summary>The runtime's activity during the probe.</summary>
    public RuntimeActivity? ProbeRuntime { get; init; }

    /// <summary>The runtime's activity during the loop.</summary>
    public RuntimeActivity? LoopRuntime { get; init; }

    /// <summary>What was happening at the probe's late wake-ups.</summary>
    public AttributionReport ProbeLateWakeups { get; init; } = new();

    /// <summary>What was happening at the control overruns.</summary>
    public AttributionReport ControlOverruns { get; init; } = new();

    /// <summary>What was happening while the steady-state frames over the p99 were in flight.</summary>
    public AttributionReport SlowFrames { get; init; } = new();

    /// <summary>Where the frames over the p99 lost their time, step by step.</summary>
    public SlowFrameSteps SlowFrameSteps { get; init; } = new();

    /// <summary>CPU time per thread of this process in each phase.</summary>
    public List<ThreadTime> Threads { get; init; } = [];

    /// <summary>Methods the JIT compiled while the loop ran, with thread and tier; empty without runtime events.</summary>
    public List<CompiledMethod> MethodsCompiledDuringLoop { get; init; } = [];

    /// <summary>Allocation ticks (one per ≈100 KB) while the loop ran, by thread and type; empty without runtime events.</summary>
    public List<AllocationSite> Allocations { get; init; } = [];

    /// <summary>Exceptions thrown while the loop ran, by type.</summary>
    public Dictionary<string, int> Exceptions { get; init; } = [];

    /// <summary>What the measuring itself cost.</summary>
    public ObserverCost Observers { get; init; } = new();
}
