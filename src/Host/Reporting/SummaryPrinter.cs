using System.Globalization;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Reporting;

/// <summary>Prints a run report for people. A figure without data prints as "n/a", never as 0.</summary>
public static class SummaryPrinter
{
    /// <summary>What a figure without data prints as.</summary>
    public const string NotAvailable = "n/a";

    /// <summary>Writes the human-readable summary of <paramref name="r"/>.</summary>
    public static void Print(RunReport r, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"RobotEdge {r.Mode} run: robot {r.Robot}, scenario {r.Scenario}, inference on {r.InferenceProvider}");
        o.WriteLine($"  frames            {r.Frames} captured, {r.FramesCommanded} commanded, {r.FramesOnWire} on the wire, {r.DroppedStaleFrames} dropped as stale, {r.DroppedNoBufferFrames} without buffer");
        o.WriteLine($"  deadline          {r.DeadlineMs} ms: {r.Misses} missed (capture -> command)");
        o.WriteLine($"  capture->command  {Percentiles(r.LatencyMs)} ms");
        o.WriteLine($"  capture->wire     {Percentiles(r.CaptureToWireMs)} ms");
        o.WriteLine($"                    ({r.LatencyBasis})");
        foreach ((string stage, RunReport.Distribution d) in r.StageLatencyMs)
        {
            o.WriteLine($"  {stage,-17} p50 {F(d.P50, 3)}  p99 {F(d.P99, 3)}  max {F(d.Max, 3)} ms  over budget: {r.StageMisses[stage]}");
        }

        if (r.Mode == "realtime")
        {
            RunReport.Distribution w = r.BusWriteIntervalMs;
            o.WriteLine($"  bus writes        interval p50 {F(w.P50, 3)}  p99 {F(w.P99, 3)}  max {F(w.Max, 3)} ms ({w.Samples} intervals, the bus threads' own stamps)");
        }

        foreach (RunReport.BusThread bus in r.BusThreads)
        {
            string scheduling = bus.RealtimeScheduling switch
            {
                true => "I/O thread under SCHED_FIFO",
                false => "I/O thread under normal scheduling (no real-time privilege)",
                null => "no I/O thread of its own (writes on the control thread)",
            };
            o.WriteLine($"  bus               {bus.Bus}: {scheduling}");
        }

        o.WriteLine($"  keypoint error    mean {F(r.KeypointErrorPx.Mean, 2)} px  p95 {F(r.KeypointErrorPx.P95, 2)} px  ({r.KeypointErrorPx.Samples} keypoints, {r.MissedKeypoints} missed)");
        o.WriteLine($"  tracking error    {F(r.TrackingErrorDeg, 2)} deg at the end (mean of the last second); after settling p50 {F(r.TrackingErrorDegAfterSettle.P50, 2)}  p95 {F(r.TrackingErrorDegAfterSettle.P95, 2)}  max {F(r.TrackingErrorDegAfterSettle.Max, 2)} deg");
        o.WriteLine($"  allocation        {F(r.AllocatedBytesPerFrame, 1)} bytes per frame in steady state");
        o.WriteLine($"  process           {SteadyState(r)}");
        o.WriteLine($"  control           {r.ControlTicks} ticks, {r.ControlOverruns} overruns" +
                    (r.Mode == "realtime" ? (r.RealtimeScheduling ? ", threads under SCHED_FIFO" : ", normal scheduling (no real-time privilege)") : ""));
        o.WriteLine($"  time              {r.WallSeconds:F2} s wall for {r.SimulatedSeconds:F2} s simulated" + (r.CommandDigest is null ? "" : $"; command digest {r.CommandDigest}"));
    }

    /// <summary>The whole process's steady-state counts on one line, or why there are none.</summary>
    private static string SteadyState(RunReport r)
    {
        if (r.SteadyState is not { } s)
        {
            return "n/a (the run ended before steady state)";
        }

        string telemetry = s.TelemetryAllocatedBytes is { } t ? $" ({t} B on the telemetry thread)" : "";
        string locked = r.Mode == "realtime" ? (r.MemoryLocked ? "; memory locked" : "; memory not locked (no privilege)") : "";
        return $"in steady state {s.AllocatedBytes} B allocated{telemetry}, {s.Collections} GCs ({F(s.GcPauseMs, 1)} ms paused), " +
               $"{s.MethodsCompiled} methods compiled, {s.MinorPageFaults} minor / {s.MajorPageFaults} major page faults{locked}" +
               (r.WarmupFrames is { } w ? $"; in the warm-up frames {w.MethodsCompiled} methods compiled, {w.Collections} GCs" : "");
    }

    /// <summary>"p50 … p99 … p99.9 … max …" of <paramref name="d"/>, each "n/a" without data.</summary>
    public static string Percentiles(RunReport.Distribution d) =>
        $"p50 {F(d.P50, 3)}  p99 {F(d.P99, 3)}  p99.9 {F(d.P999, 3)}  max {F(d.Max, 3)}";

    /// <summary>A figure with <paramref name="decimals"/> decimals, or "n/a" when it has no value (null, NaN, infinite).</summary>
    public static string F(double? value, int decimals) =>
        value is double v && double.IsFinite(v) ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : NotAvailable;

    /// <summary>The mean and max of <paramref name="recorder"/> for a progress line, "n/a" while empty.</summary>
    internal static string MeanMax(LatencyRecorder recorder) => $"mean {F(recorder.Mean, 2)} ms max {F(recorder.Max, 2)} ms";
}
