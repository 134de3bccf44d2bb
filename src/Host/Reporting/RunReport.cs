using System.Text.Json;
using System.Text.Json.Serialization;
using RobotEdge.Bus.Timing;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Reporting;

/// <summary>
/// The JSON report of a run (<c>robotedge sim --report FILE</c>, <c>robotedge run --report FILE</c>).
/// A figure without data (no samples: nothing was measured) is null in JSON and "n/a" in the summary,
/// never 0, so that a run that measured nothing cannot look perfect.
/// </summary>
public sealed class RunReport
{
    /// <summary>Robot name.</summary>
    public string Robot { get; init; } = "";

    /// <summary>What was played: the simulator's scenario name, or a real robot's camera source.</summary>
    public string Scenario { get; init; } = "";

    /// <summary><c>lockstep</c> or <c>realtime</c>.</summary>
    public string Mode { get; init; } = "";

    /// <summary>What the latency figures measure in this mode.</summary>
    public string LatencyBasis { get; init; } = "";

    /// <summary>Frames captured.</summary>
    public long Frames { get; init; }

    /// <summary>Frames whose goal reached the actuators.</summary>
    public long FramesCommanded { get; init; }

    /// <summary>End-to-end deadline, ms.</summary>
    public double DeadlineMs { get; init; }

    /// <summary>Frames whose first command came after the deadline.</summary>
    public long Misses { get; init; }

    /// <summary>Samples over budget, per stage.</summary>
    public Dictionary<string, long> StageMisses { get; init; } = [];

    /// <summary>End-to-end latency distribution, ms: capture → the frame's first command handed to the bus (what the deadline is checked against).</summary>
    public Distribution LatencyMs { get; init; } = new();

    /// <summary>
    /// Capture → wire, ms: capture → the completion of the bus write carrying the frame's first command
    /// (every bus's, when there are several), from the bus I/O thread's own stamps.
    /// </summary>
    public Distribution CaptureToWireMs { get; init; } = new();

    /// <summary>Frames whose first command every bus wrote.</summary>
    public long FramesOnWire { get; init; }

    /// <summary>
    /// Interval between successive goal writes of a bus, ms, from the bus thread's own stamps (all
    /// buses together): how long the actuators went without a new goal. Real-time runs only (a
    /// lockstep run has no real pacing): empty otherwise.
    /// </summary>
    public Distribution BusWriteIntervalMs { get; init; } = new();

    /// <summary>Each bus of the robot: its name and whether its I/O thread ran under SCHED_FIFO.</summary>
    public List<BusThread> BusThreads { get; init; } = [];

    /// <summary>Latency distribution per stage, ms.</summary>
    public Dictionary<string, Distribution> StageLatencyMs { get; init; } = [];

    /// <summary>Distance between confident keypoints and the true marker projections, pixels.</summary>
    public Distribution KeypointErrorPx { get; init; } = new();

    /// <summary>Visible markers not found with enough confidence.</summary>
    public long MissedKeypoints { get; init; }

    /// <summary>Angle between the optical axis and the target at the end of the run, degrees (mean of the last second); null without ground truth.</summary>
    public double? TrackingErrorDeg { get; init; }

    /// <summary>Tracking error over the run after the settle time, degrees.</summary>
    public Distribution TrackingErrorDegAfterSettle { get; init; } = new();

    /// <summary>Frames dropped as stale (a newer frame arrived first).</summary>
    public long DroppedStaleFrames { get; init; }

    /// <summary>Frames lost for want of a free buffer.</summary>
    public long DroppedNoBufferFrames { get; init; }

    /// <summary>Managed bytes allocated per frame on the robot's threads in steady state; null when the run was too short to measure it.</summary>
    public double? AllocatedBytesPerFrame { get; init; }

    /// <summary>The execution provider that ran inference.</summary>
    public string InferenceProvider { get; init; } = "";

    /// <summary>Control ticks run, and those that started over a period late.</summary>
    public long ControlTicks { get; init; }

    /// <summary>Control ticks that started more than one period late.</summary>
    public long ControlOverruns { get; init; }

    /// <summary>Whether the robot's threads ran under SCHED_FIFO real-time scheduling.</summary>
    public bool RealtimeScheduling { get; init; }

    /// <summary>True when the run ended with a controlled stop that reached a hold; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EndedHolding { get; init; }

    /// <summary>Digest of every command written (lockstep only; identical for identical runs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommandDigest { get; init; }

    /// <summary>
    /// What the whole process — every thread, ours or the runtime's — did from the first steady-state
    /// frame to the last: null when the run ended before steady state.
    /// </summary>
    public ProcessActivity? SteadyState { get; init; }

    /// <summary>The same counts over the warm-up frames of a real-time run (the robot threads' start to the first steady-state frame); null otherwise.</summary>
    public ProcessActivity? WarmupFrames { get; init; }

    /// <summary>Whether the process's memory was locked against paging (real time, with the privilege).</summary>
    public bool MemoryLocked { get; init; }

    /// <summary>Real seconds the run took.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Simulated seconds covered.</summary>
    public double SimulatedSeconds { get; init; }

    /// <summary>The process's runtime and kernel counts over steady state (<see cref="RuntimeActivity"/>).</summary>
    /// <param name="AllocatedBytes">Managed bytes allocated by all threads, to allocation-quantum precision (about 8 KiB).</param>
    /// <param name="TelemetryAllocatedBytes">Of those, bytes the telemetry thread allocated, exactly; null in lockstep (one thread).</param>
    /// <param name="Collections">Garbage collections (any generation).</param>
    /// <param name="GcPauseMs">Time the runtime was paused for them, ms.</param>
    /// <param name="MethodsCompiled">Methods the JIT compiled, on any thread.</param>
    /// <param name="CompilationMs">Time spent compiling them, ms.</param>
    /// <param name="LockContentions">Times a thread waited for a held <c>lock</c>.</param>
    /// <param name="MinorPageFaults">Page faults served without I/O.</param>
    /// <param name="MajorPageFaults">Page faults that waited for I/O.</param>
    /// <param name="InvoluntarySwitches">Times one of the process's threads was preempted.</param>
    public sealed record ProcessActivity(long AllocatedBytes, long? TelemetryAllocatedBytes, int Collections, double GcPauseMs, long MethodsCompiled,
        double CompilationMs, long LockContentions, long MinorPageFaults, long MajorPageFaults, long InvoluntarySwitches)
    {
        /// <summary>The figures of <paramref name="a"/>, or null.</summary>
        public static ProcessActivity? Of(RuntimeActivity? a, long? telemetryAllocatedBytes) => a is not { } r
            ? null
            : new ProcessActivity(r.AllocatedBytes, telemetryAllocatedBytes, r.Gen0Collections, Math.Round(r.GcPause.TotalMilliseconds, 3), r.MethodsCompiled,
                Math.Round(r.CompilationTime.TotalMilliseconds, 3), r.LockContentions, r.Kernel.MinorFaults, r.Kernel.MajorFaults, r.Kernel.InvoluntarySwitches);
    }

    /// <summary>A bus and the scheduling its I/O thread got.</summary>
    /// <param name="Bus">The bus's name (e.g. "servo-bus /dev/ttyUSB0").</param>
    /// <param name="RealtimeScheduling">true: SCHED_FIFO; false: normal scheduling (no privilege); null: the bus has no I/O thread of its own (in-memory simulation, lockstep).</param>
    public sealed record BusThread(string Bus, bool? RealtimeScheduling);

    /// <summary>A latency or error distribution; every figure is null when there are no samples.</summary>
    public sealed class Distribution
    {
        /// <summary>Median.</summary>
        public double? P50 { get; init; }

        /// <summary>95th percentile.</summary>
        public double? P95 { get; init; }

        /// <summary>99th percentile.</summary>
        public double? P99 { get; init; }

        /// <summary>99.9th percentile.</summary>
        public double? P999 { get; init; }

        /// <summary>Largest.</summary>
        public double? Max { get; init; }

        /// <summary>Mean.</summary>
        public double? Mean { get; init; }

        /// <summary>Number of samples.</summary>
        public long Samples { get; init; }

        /// <summary>Summarises a recorder.</summary>
        public static Distribution Of(LatencyRecorder r) => new()
        {
            P50 = Round(r.Percentile(0.50)),
            P95 = Round(r.Percentile(0.95)),
            P99 = Round(r.Percentile(0.99)),
            P999 = Round(r.Percentile(0.999)),
            Max = Round(r.Max),
            Mean = Round(r.Mean),
            Samples = r.Count,
        };
    }

    /// <summary>The figure rounded for the report, or null when it has no value (NaN: no data).</summary>
    private static double? Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;

    /// <summary>Builds the report of a finished run.</summary>
    public static RunReport From(RobotRig rig, RunOutcome outcome, bool realTime)
    {
        var s = outcome.Statistics;
        var stageMisses = new Dictionary<string, long>();
        var stageLatency = new Dictionary<string, Distribution>();
        foreach (DeadlineStage stage in Enum.GetValues<DeadlineStage>())
        {
            if (stage == DeadlineStage.EndToEnd)
            {
                continue;
            }

            string name = JsonNamingPolicy.CamelCase.ConvertName(stage.ToString());
            stageMisses[name] = s.Deadlines.Misses(stage);
            stageLatency[name] = Distribution.Of(s.Deadlines.Latencies(stage));
        }

        // Tracking error "at the end": the mean over the last second of frames.
        int lastSecond = (int)Math.Max(1, rig.Config.Camera.Fps);
        double final = s.NewestTrackingErrorMeanDeg(lastSecond);

        return new RunReport
        {
            Robot = rig.Config.Name,
            Scenario = rig.RunSubject,
            EndedHolding = outcome.EndedHolding ? true : null,
            Mode = realTime ? "realtime" : "lockstep",
            LatencyBasis = realTime
                ? "real monotonic clock, capture -> first actuator command (handed to the bus) and -> on the wire (bus write completed), including the wait for the control tick"
                : "real monotonic clock, frame ready -> first actuator command and -> bus write completed (compute time; simulated waits excluded)",
            Frames = outcome.FramesCaptured,
            FramesCommanded = s.FramesCommanded,
            DeadlineMs = s.Deadlines.Budget(DeadlineStage.EndToEnd),
            Misses = s.Deadlines.Misses(DeadlineStage.EndToEnd),
            StageMisses = stageMisses,
            LatencyMs = Distribution.Of(s.Deadlines.Latencies(DeadlineStage.EndToEnd)),
            CaptureToWireMs = Distribution.Of(s.CaptureToWireMs),
            FramesOnWire = s.FramesOnWire,
            BusWriteIntervalMs = realTime ? Distribution.Of(s.BusWriteIntervalMs) : new Distribution(),
            BusThreads = [.. s.WireTimelines.Select(t => new BusThread(t.BusName, t.IoThreadRealtime))],
            StageLatencyMs = stageLatency,
            KeypointErrorPx = Distribution.Of(s.KeypointErrorPx),
            MissedKeypoints = s.MissedKeypoints,
            TrackingErrorDeg = Round(final),
            TrackingErrorDegAfterSettle = Distribution.Of(s.TrackingErrorDeg),
            DroppedStaleFrames = outcome.FramesDroppedStale,
            DroppedNoBufferFrames = outcome.FramesDroppedNoBuffer,
            AllocatedBytesPerFrame = Round(outcome.AllocatedBytesPerFrame),
            InferenceProvider = rig.InferenceProvider.ToString().ToLowerInvariant(),
            ControlTicks = outcome.ControlTicks,
            ControlOverruns = outcome.ControlOverruns,
            RealtimeScheduling = outcome.RealtimeScheduling,
            CommandDigest = realTime ? null : outcome.CommandDigest.ToString("x16"),
            SteadyState = ProcessActivity.Of(outcome.SteadyRuntime, outcome.TelemetryAllocatedBytes),
            WarmupFrames = ProcessActivity.Of(outcome.WarmupRuntime, null),
            MemoryLocked = outcome.MemoryLocked,
            WallSeconds = Round(outcome.WallSeconds) ?? 0,
            SimulatedSeconds = Round(outcome.SimulatedSeconds) ?? 0,
        };
    }

    /// <summary>Serialises the report as indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // A figure without data is written as null, not left out: the reader sees it was not measured.
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });
}
