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

/// <summary>The causes at one kind of bad moment.</summary>
public sealed class AttributionReport
{
    /// <summary>What the windows are.</summary>
    public string Windows { get; init; } = "";

    /// <summary>Bad moments.</summary>
    public int Count { get; init; }

    /// <summary>Their total length after merging overlaps, ms.</summary>
    public double WindowMs { get; init; }

    /// <summary>Causes ranked by the time they were charged in the windows.</summary>
    public List<RankedCause> Causes { get; init; } = [];

    /// <summary>Of the window time, how long the victim thread (probe or control) was runnable but waiting for a CPU, ms; null when not sampled.</summary>
    public double? VictimRunnableWaitMs { get; init; }

    /// <summary>Page faults of the process in the windows (minor, major), prorated from the samples; null when not sampled.</summary>
    public double? MinorFaultsInWindows { get; init; }

    /// <summary>Major page faults in the windows.</summary>
    public double? MajorFaultsInWindows { get; init; }

    /// <summary>Minor page faults per second over the whole phase, for comparison.</summary>
    public double? MinorFaultsPerSecond { get; init; }

    /// <summary>Every window (up to <see cref="RtBenchAnalysis.MaxWindowDetails"/>): start from the phase's start, length, and its largest causes.</summary>
    public List<WindowDetail> Details { get; init; } = [];
}

/// <summary>One bad moment and what was happening in it.</summary>
/// <param name="StartMs">Start, ms from the phase's start.</param>
/// <param name="LengthMs">Length, ms.</param>
/// <param name="Causes">Its three largest causes with their ms.</param>
public sealed record WindowDetail(double StartMs, double LengthMs, string Causes);

/// <summary>Where the slow frames lost their time.</summary>
public sealed class SlowFrameSteps
{
    /// <summary>The steady-state capture → command p99, ms: frames above it are the slow ones.</summary>
    public double? P99Ms { get; init; }

    /// <summary>Slow frames.</summary>
    public int Frames { get; init; }

    /// <summary>Per step, its median over all steady frames and the slow frames' total time above it, largest first.</summary>
    public List<StepExcess> Steps { get; init; } = [];
}

/// <summary>One step of the frame path in the slow frames.</summary>
/// <param name="Step">The step.</param>
/// <param name="MedianMs">Its median over every steady-state frame, ms.</param>
/// <param name="ExcessMs">Sum over the slow frames of its time above that median, ms.</param>
/// <param name="Frames">Slow frames in which it was over its median.</param>
public sealed record StepExcess(string Step, double MedianMs, double ExcessMs, int Frames);

/// <summary>CPU time of one thread (or several of the same name) in each phase.</summary>
/// <param name="Thread">The thread's name as the kernel has it.</param>
/// <param name="Count">Threads of that name.</param>
/// <param name="ProbeCpuMs">CPU time during the probe, ms.</param>
/// <param name="LoopCpuMs">CPU time during the loop, ms.</param>
/// <param name="LoopRunnableWaitMs">Time it waited runnable for a CPU during the loop, ms.</param>
public sealed record ThreadTime(string Thread, int Count, double ProbeCpuMs, double LoopCpuMs, double LoopRunnableWaitMs);

/// <summary>One JIT compilation during the loop.</summary>
/// <param name="AtMs">When it started, ms from the loop's start.</param>
/// <param name="Method">Type and method.</param>
/// <param name="Tier">The code it produced: Tier0, Tier1, OSR, FullOpts, …</param>
/// <param name="Ms">Compile time (start to code in place), ms.</param>
/// <param name="Thread">The thread that compiled it.</param>
/// <param name="SteadyState">Whether it ended after the warm-up frames.</param>
/// <param name="Foreground">Whether a thread compiled it for itself (it waited for the JIT), rather than the tiering worker in the background.</param>
public sealed record CompiledMethod(double AtMs, string Method, string Tier, double Ms, string Thread, bool SteadyState, bool Foreground);

/// <summary>Allocation ticks of one type on one thread.</summary>
/// <param name="Thread">The allocating thread.</param>
/// <param name="Type">The type allocated when the tick fired.</param>
/// <param name="Ticks">Ticks (each ≈100 KB allocated).</param>
/// <param name="Bytes">Bytes the ticks stand for.</param>
public sealed record AllocationSite(string Thread, string Type, int Ticks, long Bytes);

/// <summary>What the measuring cost.</summary>
public sealed class ObserverCost
{
    /// <summary>Whether the runtime event listener ran.</summary>
    public bool RuntimeEvents { get; init; }

    /// <summary>Runtime events received, all kinds.</summary>
    public long EventsReceived { get; init; }

    /// <summary>Events of the kinds kept that did not fit.</summary>
    public long EventsDropped { get; init; }

    /// <summary>Managed bytes the listener's dispatch thread allocated.</summary>
    public long ListenerAllocatedBytes { get; init; }

    /// <summary>Sampling interval, ms (0: no thread sampling).</summary>
    public int SampleIntervalMs { get; init; }

    /// <summary>Samples taken.</summary>
    public int Samples { get; init; }

    /// <summary>Samples not taken because the sampler's buffer was full (a run longer than it holds).</summary>
    public long SamplesDropped { get; init; }

    /// <summary>Whether the sampler ran under SCHED_FIFO 1.</summary>
    public bool SamplerRealtime { get; init; }

    /// <summary>The sampler thread's CPU time per sample, µs.</summary>
    public double? SamplerCpuPerSampleUs { get; init; }

    /// <summary>How the runtime events' clock was mapped onto the loop's.</summary>
    public string Note { get; init; } = "";
}
