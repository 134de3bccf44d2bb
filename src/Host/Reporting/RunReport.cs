using System.Text.Json;
using System.Text.Json.Serialization;
using RobotEdge.Bus.Timing;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Reporting;

/// <summary>The JSON report of a simulated run (<c>robotedge sim --report FILE</c>).</summary>
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

    /// <summary>End-to-end latency distribution, ms.</summary>
    public Distribution LatencyMs { get; init; } = new();

    /// <summary>Latency distribution per stage, ms.</summary>
    public Dictionary<string, Distribution> StageLatencyMs { get; init; } = [];

    /// <summary>Distance between confident keypoints and the true marker projections, pixels.</summary>
    public Distribution KeypointErrorPx { get; init; } = new();

    /// <summary>Visible markers not found with enough confidence.</summary>
    public long MissedKeypoints { get; init; }

    /// <summary>Angle between the optical axis and the target at the end of the run, degrees (mean of the last second).</summary>
    public double TrackingErrorDeg { get; init; }

    /// <summary>Tracking error over the run after the settle time, degrees.</summary>
    public Distribution TrackingErrorDegAfterSettle { get; init; } = new();

    /// <summary>Frames dropped as stale (a newer frame arrived first).</summary>
    public long DroppedStaleFrames { get; init; }

    /// <summary>Frames lost for want of a free buffer.</summary>
    public long DroppedNoBufferFrames { get; init; }

    /// <summary>Managed bytes allocated per frame on the robot's threads in steady state.</summary>
    public double AllocatedBytesPerFrame { get; init; }

    /// <summary>The execution provider that ran inference.</summary>
    public string InferenceProvider { get; init; } = "";

    /// <summary>Control ticks run, and those that started over a period late.</summary>
    public long ControlTicks { get; init; }

    /// <summary>Control ticks that started more than one period late.</summary>
    public long ControlOverruns { get; init; }

    /// <summary>Whether the robot's threads ran under SCHED_FIFO real-time scheduling.</summary>
    public bool RealtimeScheduling { get; init; }

    /// <summary>True when the run ended with a controlled stop that reached a hold; absent otherwise.</summary>
    public bool? EndedHolding { get; init; }

    /// <summary>Digest of every command written (lockstep only; identical for identical runs).</summary>
    public string? CommandDigest { get; init; }

    /// <summary>Real seconds the run took.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Simulated seconds covered.</summary>
    public double SimulatedSeconds { get; init; }

    /// <summary>A latency or error distribution.</summary>
    public sealed class Distribution
    {
        /// <summary>Median.</summary>
        public double P50 { get; init; }

        /// <summary>95th percentile.</summary>
        public double P95 { get; init; }

        /// <summary>99th percentile.</summary>
        public double P99 { get; init; }

        /// <summary>99.9th percentile.</summary>
        public double P999 { get; init; }

        /// <summary>Largest.</summary>
        public double Max { get; init; }

        /// <summary>Mean.</summary>
        public double Mean { get; init; }

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

    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : 0;

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
                ? "real monotonic clock, capture -> first actuator command, including the wait for the control tick"
                : "real monotonic clock, frame ready -> first actuator command (compute time; simulated waits excluded)",
            Frames = outcome.FramesCaptured,
            FramesCommanded = s.FramesCommanded,
            DeadlineMs = s.Deadlines.Budget(DeadlineStage.EndToEnd),
            Misses = s.Deadlines.Misses(DeadlineStage.EndToEnd),
            StageMisses = stageMisses,
            LatencyMs = Distribution.Of(s.Deadlines.Latencies(DeadlineStage.EndToEnd)),
            StageLatencyMs = stageLatency,
            KeypointErrorPx = Distribution.Of(s.KeypointErrorPx),
            MissedKeypoints = s.MissedKeypoints,
            TrackingErrorDeg = Round(final),
            TrackingErrorDegAfterSettle = Distribution.Of(s.TrackingErrorDeg),
            DroppedStaleFrames = outcome.FramesDroppedStale,
            DroppedNoBufferFrames = outcome.FramesDroppedNoBuffer,
            AllocatedBytesPerFrame = Round(outcome.AllocatedBytesPerFrame),
            InferenceProvider = rig.Perception.Model.Provider.ToString().ToLowerInvariant(),
            ControlTicks = outcome.ControlTicks,
            ControlOverruns = outcome.ControlOverruns,
            RealtimeScheduling = outcome.RealtimeScheduling,
            CommandDigest = realTime ? null : outcome.CommandDigest.ToString("x16"),
            WallSeconds = Round(outcome.WallSeconds),
            SimulatedSeconds = Round(outcome.SimulatedSeconds),
        };
    }

    /// <summary>Serialises the report as indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
