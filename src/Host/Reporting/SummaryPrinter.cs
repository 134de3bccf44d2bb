namespace RobotEdge.Host.Reporting;

/// <summary>Prints a run report for people.</summary>
public static class SummaryPrinter
{
    /// <summary>Writes the human-readable summary of <paramref name="r"/>.</summary>
    public static void Print(RunReport r, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"RobotEdge {r.Mode} run: robot {r.Robot}, scenario {r.Scenario}, inference on {r.InferenceProvider}");
        o.WriteLine($"  frames            {r.Frames} captured, {r.FramesCommanded} commanded, {r.DroppedStaleFrames} dropped as stale, {r.DroppedNoBufferFrames} without buffer");
        o.WriteLine($"  deadline          {r.DeadlineMs} ms: {r.Misses} missed");
        o.WriteLine($"  latency (ms)      p50 {r.LatencyMs.P50:F3}  p99 {r.LatencyMs.P99:F3}  p99.9 {r.LatencyMs.P999:F3}  max {r.LatencyMs.Max:F3}");
        o.WriteLine($"                    ({r.LatencyBasis})");
        foreach ((string stage, RunReport.Distribution d) in r.StageLatencyMs)
        {
            o.WriteLine($"  {stage,-17} p50 {d.P50:F3}  p99 {d.P99:F3}  max {d.Max:F3} ms  over budget: {r.StageMisses[stage]}");
        }

        o.WriteLine($"  keypoint error    mean {r.KeypointErrorPx.Mean:F2} px  p95 {r.KeypointErrorPx.P95:F2} px  ({r.KeypointErrorPx.Samples} keypoints, {r.MissedKeypoints} missed)");
        o.WriteLine($"  tracking error    {r.TrackingErrorDeg:F2} deg at the end (mean of the last second); after settling p50 {r.TrackingErrorDegAfterSettle.P50:F2}  p95 {r.TrackingErrorDegAfterSettle.P95:F2}  max {r.TrackingErrorDegAfterSettle.Max:F2} deg");
        o.WriteLine($"  allocation        {r.AllocatedBytesPerFrame:F1} bytes per frame in steady state");
        o.WriteLine($"  control           {r.ControlTicks} ticks, {r.ControlOverruns} overruns" +
                    (r.Mode == "realtime" ? (r.RealtimeScheduling ? ", threads under SCHED_FIFO" : ", normal scheduling (no real-time privilege)") : ""));
        o.WriteLine($"  time              {r.WallSeconds:F2} s wall for {r.SimulatedSeconds:F2} s simulated" + (r.CommandDigest is null ? "" : $"; command digest {r.CommandDigest}"));
    }
}
