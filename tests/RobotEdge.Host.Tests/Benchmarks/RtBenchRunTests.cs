using System.Text.Json.Nodes;
using RobotEdge.Bus.Clocks;
using RobotEdge.Host.Benchmarks.RealTime;
using RobotEdge.Host.Commands;

namespace RobotEdge.Host.Tests.Benchmarks;

/// <summary>
/// <c>bench rt</c> on the real machine: the sampler, the runtime event listener and a short whole run.
/// They assert counts and structure — every wake-up and tick counted once, the loop's own overrun
/// count reproduced from its trace, the induced GCs seen — never a latency. In the real-robot
/// collection: real-time threads and a hog run alone.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class RtBenchRunTests : IDisposable
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-rtbench-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheSamplerFollowsANewThreadByNameAndItsCountersNeverGoBack()
    {
        Assert.True(ThreadActivitySampler.Supported, "bench rt's sampler needs Linux /proc, where these tests run");
        using var sampler = new ThreadActivitySampler(intervalMs: 5, capacity: 4_000);
        sampler.Start();
        int spinnerTid = 0;
        var spinner = new Thread(() =>
        {
            spinnerTid = ProcFiles.CurrentThreadId();
            // Long enough to span several rescans (every 10 samples of 5 ms).
            long until = MonotonicClock.GetTimestampNs() + 400_000_000;
            while (MonotonicClock.GetTimestampNs() < until)
            {
            }
        }) { Name = "rtbench-test-sp" };
        spinner.Start();
        spinner.Join();
        WaitUntil(() => sampler.SampleCount >= 100);
        sampler.Stop();

        int slot = sampler.SlotOf(spinnerTid);
        Assert.True(slot >= 0, "the sampler never saw the spinning thread");
        Assert.Equal("rtbench-test-sp", sampler.ThreadName(slot));
        Assert.Equal("rtbench-sampler", sampler.ThreadName(sampler.SlotOf(sampler.SamplerThreadId)));
        for (int k = sampler.FirstSample(slot) + 1; k < sampler.SampleCount; k++)
        {
            Assert.True(sampler.RunNs(k, slot) >= sampler.RunNs(k - 1, slot), $"run time went back at sample {k}");
            Assert.True(sampler.TimeNs(k) > sampler.TimeNs(k - 1));
            Assert.True(sampler.MinorFaults(k) >= sampler.MinorFaults(k - 1));
        }

        Assert.True(sampler.RunNs(sampler.SampleCount - 1, slot) > 0);
        Assert.Equal(0, sampler.DroppedSamples);
    }

    /// <summary>
    /// Three induced full GCs: the listener sees as many GC starts between two readings of our own
    /// clock as the runtime counted there (so its clock mapping puts them in the right place), each
    /// inside a GC suspension; and it reports what its own thread allocated doing so.
    /// </summary>
    [Fact]
    public void TheRuntimeEventRecorderSeesEveryGcTheRuntimeCountsInsideItsSuspension()
    {
        using var recorder = new RuntimeEventRecorder();
        // Let the session start before the window opens.
        WaitUntil(() => recorder.Received > 0);
        int before = GC.CollectionCount(0);
        long t0 = MonotonicClock.GetTimestampNs();
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
        }

        long t1 = MonotonicClock.GetTimestampNs();
        int counted = GC.CollectionCount(0) - before;
        WaitUntil(() => GcStarts(recorder, t0, t1).Count() >= counted && Ended(recorder, t1));

        List<RuntimeEvent> starts = [.. GcStarts(recorder, t0, t1)];
        Assert.Equal(counted, starts.Count);
        Assert.True(starts.Count(e => e.Value == 2) >= 3, "GC.Collect() collects generation 2");
        List<RuntimeEvent> all = [.. Enumerable.Range(0, recorder.Count).Select(i => recorder[i]).OrderBy(e => e.TimeNs)];
        foreach (RuntimeEvent start in starts)
        {
            RuntimeEvent suspend = all.Last(e => e.Kind == RuntimeEventKind.SuspendBegin && e.TimeNs <= start.TimeNs);
            RuntimeEvent restart = all.First(e => e.Kind == RuntimeEventKind.RestartEnd && e.TimeNs >= start.TimeNs);
            Assert.Contains(suspend.Value, new long[] { 1, 6 });
            Assert.True(restart.TimeNs >= suspend.TimeNs);
        }

        Assert.True(recorder.ListenerAllocatedBytes > 0, "the listener's thread allocates for every event; it must say how much");
        Assert.Equal(0, recorder.Dropped);
    }

    /// <summary>
    /// One second per phase with one hog thread: the probe's 500 wake-ups and every control tick are
    /// each counted once, the trace reproduces the runner's own overrun count, the camera's frames
    /// are all accounted for, the hog and the robot's threads are seen, and the causes come ranked.
    /// </summary>
    [Fact]
    public void AShortRunReportsTheProbeAndTheLoopWithConsistentCounts()
    {
        var options = new RtBenchOptions { RobotPath = TestRigs.DefaultRobotPath, Seconds = 1, HogThreads = 1, SampleIntervalMs = 10 };
        RtBenchReport r = RealtimeBenchmark.Run(options, TextWriter.Null);

        Assert.Equal(2000, r.PeriodUs);
        Assert.Equal(500, r.Probe.Count);
        Assert.Equal(500, r.Probe.Buckets.Sum(b => b.Count));
        Assert.Equal(r.Run.ControlTicks, r.ControlTicks.Count);
        Assert.Equal(r.ControlTicks.Count, r.ControlTicks.Buckets.Sum(b => b.Count));
        Assert.Equal(0, r.TicksNotTraced);
        Assert.Equal(r.Run.ControlOverruns, r.ControlTicks.LateOverPeriod);
        Assert.Equal(r.ControlTicks.LateOverPeriod * 10_000.0 / r.ControlTicks.Count, r.ControlTicks.LatePer10k!.Value, 9);
        Assert.Equal(r.ControlTicks.LateOverPeriod, r.ControlOverruns.Count);
        Assert.Equal(r.Probe.LateOverPeriod, r.ProbeLateWakeups.Count);
        // 60 warm-up frames and one second at 30 fps, each captured or dropped for want of a buffer.
        Assert.Equal(90, r.Run.Frames + r.Run.DroppedNoBufferFrames);
        Assert.Equal(r.SlowFrames.Count, r.SlowFrameSteps.Frames);
        Assert.True(r.SlowFrameSteps.Frames <= r.SteadyFrames / 100, $"{r.SlowFrameSteps.Frames} frames over the p99 of {r.SteadyFrames}");

        foreach (AttributionReport a in new[] { r.ProbeLateWakeups, r.ControlOverruns, r.SlowFrames })
        {
            Assert.Equal(a.Causes.OrderByDescending(c => c.InWindowsMs).Select(c => c.Cause), a.Causes.Select(c => c.Cause));
            Assert.True(a.Details.Count <= a.Count);
        }

        Assert.Contains(r.Threads, t => t.Thread == "rtbench-hog-0" && t.ProbeCpuMs > 0 && t.LoopCpuMs > 0);
        Assert.Contains(r.Threads, t => t.Thread == "rtbench-probe" && t.ProbeCpuMs > 0);
        Assert.Contains(r.Threads, t => t.Thread == "robotedge-contr" && t.LoopCpuMs > 0);
        Assert.Contains(r.Threads, t => t.Thread == "robotedge-camer" && t.LoopCpuMs > 0);
        Assert.True(r.Observers.RuntimeEvents && r.Observers.EventsReceived > 0);
        Assert.True(r.Observers.Samples >= 2);

        JsonNode json = JsonNode.Parse(RtBenchCommand.ToJson(r))!;
        Assert.Equal(500, (int)json["probe"]!["count"]!);
        Assert.Equal(r.ControlTicks.LateOverPeriod, (long)json["controlTicks"]!["lateOverPeriod"]!);
        Assert.NotNull(json["controlOverruns"]!["causes"]);
    }

    [Fact]
    public void TheCliRefusesABadOptionWithOneLineAndExitCode2()
    {
        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), "bench", "rt", "--robot", TestRigs.DefaultRobotPath, "--seconds", "0");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Equal(ExitCodes.BadInput, process.ExitCode);
        Assert.Equal("robotedge: --seconds must be in (0, 3600] (got 0)", process.Output.Trim());
    }

    private static IEnumerable<RuntimeEvent> GcStarts(RuntimeEventRecorder recorder, long fromNs, long toNs) =>
        Enumerable.Range(0, recorder.Count).Select(i => recorder[i]).Where(e => e.Kind == RuntimeEventKind.GcStart && e.TimeNs >= fromNs && e.TimeNs <= toNs);

    /// <summary>
    /// Whether an event stamped after <paramref name="timeNs"/> has arrived: the runtime delivers them
    /// in time order, so everything before it has. Each call allocates 200 KB, which fires an
    /// allocation tick — an event stamped now — so that there is always a later event to wait for.
    /// </summary>
    private static bool Ended(RuntimeEventRecorder recorder, long timeNs)
    {
        GC.KeepAlive(new byte[200_000]);
        return Enumerable.Range(0, recorder.Count).Any(i => recorder[i].TimeNs > timeNs);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        long until = MonotonicClock.GetTimestampNs() + (long)Eventually.TotalMilliseconds * 1_000_000;
        while (!condition())
        {
            Assert.True(MonotonicClock.GetTimestampNs() < until, "timed out waiting");
            Thread.Sleep(20);
        }
    }
}
