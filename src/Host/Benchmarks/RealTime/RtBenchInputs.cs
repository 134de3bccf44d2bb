using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>Everything one <c>bench rt</c> run recorded, handed to <see cref="RtBenchAnalysis"/>.</summary>
public sealed class RtBenchInputs
{
    /// <summary>The options it ran with.</summary>
    public required RtBenchOptions Options { get; init; }

    /// <summary>Robot name.</summary>
    public required string Robot { get; init; }

    /// <summary>Control period, ns.</summary>
    public required long PeriodNs { get; init; }

    /// <summary>SCHED_FIFO priority of the control thread and the probe.</summary>
    public required int Priority { get; init; }

    /// <summary>The probe's wake-ups.</summary>
    public required ProbeRun Probe { get; init; }

    /// <summary>The control loop's ticks.</summary>
    public required RealtimeTrace Trace { get; init; }

    /// <summary>Every frame's path.</summary>
    public required FrameTimeline Frames { get; init; }

    /// <summary>Frames the loop ran (warm-up included).</summary>
    public required int FrameCount { get; init; }

    /// <summary>The loop's run report.</summary>
    public required RunReport Run { get; init; }

    /// <summary>Phase boundaries, monotonic ns.</summary>
    public required long ProbeStartNs { get; init; }

    /// <summary>End of the probe.</summary>
    public required long ProbeEndNs { get; init; }

    /// <summary>Start of the loop (the runner was called).</summary>
    public required long LoopStartNs { get; init; }

    /// <summary>End of the loop (the runner returned).</summary>
    public required long LoopEndNs { get; init; }

    /// <summary>The runtime's activity during the probe.</summary>
    public required RuntimeActivity ProbeRuntime { get; init; }

    /// <summary>The runtime's activity during the loop.</summary>
    public required RuntimeActivity LoopRuntime { get; init; }

    /// <summary>The thread sampler, or null when sampling was off or unsupported.</summary>
    public ThreadActivitySampler? Sampler { get; init; }

    /// <summary>The runtime events, or null when off.</summary>
    public RuntimeEventRecorder? Events { get; init; }
}
