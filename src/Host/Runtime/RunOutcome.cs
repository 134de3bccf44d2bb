using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Runtime;

/// <summary>What a finished run measured, beyond the per-stage statistics.</summary>
public sealed class RunOutcome
{
    /// <summary>The run's statistics.</summary>
    public required RunStatistics Statistics { get; init; }

    /// <summary>Frames the camera captured.</summary>
    public long FramesCaptured { get; init; }

    /// <summary>Frames replaced by a newer one before the compute thread took them (stale, dropped).</summary>
    public long FramesDroppedStale { get; init; }

    /// <summary>Frames lost because every buffer was in use.</summary>
    public long FramesDroppedNoBuffer { get; init; }

    /// <summary>Managed bytes allocated per frame by the robot's threads in steady state.</summary>
    public double AllocatedBytesPerFrame { get; init; }

    /// <summary>Frames over which <see cref="AllocatedBytesPerFrame"/> was measured.</summary>
    public long AllocationSampleFrames { get; init; }

    /// <summary>Real time the run took, seconds.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Simulated time covered, seconds.</summary>
    public double SimulatedSeconds { get; init; }

    /// <summary>Control ticks run.</summary>
    public long ControlTicks { get; init; }

    /// <summary>Control ticks that started later than one period after they were due (real time only).</summary>
    public long ControlOverruns { get; init; }

    /// <summary>Whether the robot's threads ran under SCHED_FIFO (real-time runs on Linux with the privilege).</summary>
    public bool RealtimeScheduling { get; init; }

    /// <summary>Whether the run ended with a controlled stop that reached a hold (real time: cancelled runs, and every run of a real robot).</summary>
    public bool EndedHolding { get; init; }

    /// <summary>
    /// What the whole process — every thread — did from the first steady-state frame
    /// (<see cref="RealtimeRunner.WarmupFrames"/>) to the last frame: allocations, collections,
    /// compilations, page faults; null when the run ended before steady state.
    /// </summary>
    public RuntimeActivity? SteadyRuntime { get; init; }

    /// <summary>The same counts over the warm-up frames: from the robot threads' start to the first steady-state frame; null when the run ended before steady state or in lockstep.</summary>
    public RuntimeActivity? WarmupRuntime { get; init; }

    /// <summary>Managed bytes the telemetry thread (the runner's caller: draining, progress) allocated in steady state; null when not measured (lockstep: it is the robot's thread).</summary>
    public long? TelemetryAllocatedBytes { get; init; }

    /// <summary>Whether the process's memory was locked against paging for the run (real time, with the privilege).</summary>
    public bool MemoryLocked { get; init; }

    /// <summary>FNV-1a digest of every command written (lockstep runs are deterministic: same scenario, same digest).</summary>
    public ulong CommandDigest { get; init; }
}
