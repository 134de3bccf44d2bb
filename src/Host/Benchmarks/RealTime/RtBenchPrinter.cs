using System.Globalization;
using RobotEdge.Host.Reporting;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>Prints a <see cref="RtBenchReport"/> for a person: the probe and the loop side by side, then the causes.</summary>
public static class RtBenchPrinter
{
    /// <summary>Causes printed per kind of bad moment.</summary>
    private const int CausesShown = 10;

    /// <summary>Writes <paramref name="r"/> to <paramref name="o"/>.</summary>
    public static void Print(RtBenchReport r, TextWriter o)
    {
        o.WriteLine($"bench rt: {r.Robot}, period {r.PeriodUs:F0} us, SCHED_FIFO {r.Priority} (probe: {YesNo(r.ProbeRealtime)}, loop: {YesNo(r.LoopRealtime)}), " +
                    $"{r.HogThreads} hog thread(s), {r.HogProcesses} hog process(es), {r.SecondsPerPhase:0.##} s per phase");
        o.WriteLine();
        o.WriteLine($"  {"wake-up lateness",-26} {"probe",14} {"control ticks",14}");
        for (int b = 0; b < r.Probe.Buckets.Count; b++)
        {
            long loop = b < r.ControlTicks.Buckets.Count ? r.ControlTicks.Buckets[b].Count : 0;
            o.WriteLine($"  {r.Probe.Buckets[b].Range,-26} {r.Probe.Buckets[b].Count,14} {loop,14}");
        }

        o.WriteLine($"  {"wake-ups",-26} {r.Probe.Count,14} {r.ControlTicks.Count,14}");
        o.WriteLine($"  {"p50 / p99 / p99.9 us",-26} {Triple(r.Probe),14} {Triple(r.ControlTicks),14}");
        o.WriteLine($"  {"max us",-26} {Us(r.Probe.MaxUs),14} {Us(r.ControlTicks.MaxUs),14}");
        o.WriteLine($"  {"> 1 period late",-26} {r.Probe.LateOverPeriod,14} {r.ControlTicks.LateOverPeriod,14}");
        o.WriteLine($"  {"  per 10,000",-26} {Per10k(r.Probe.LatePer10k),14} {Per10k(r.ControlTicks.LatePer10k),14}");
        o.WriteLine($"  control overruns per 10,000 over the probe's: {(r.OverrunsOverProbe is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a (the probe was never late)")}" +
                    (r.TicksNotTraced > 0 ? $"; {r.TicksNotTraced} ticks not traced" : ""));
        o.WriteLine();

        RunReport run = r.Run;
        o.WriteLine($"  capture -> command ms  {Distribution(run.LatencyMs)}");
        o.WriteLine($"  capture -> wire ms     {Distribution(run.CaptureToWireMs)}");
        foreach ((string stage, RunReport.Distribution d) in run.StageLatencyMs)
        {
            o.WriteLine($"    {stage,-12} ms       {Distribution(d)}  (over budget: {run.StageMisses.GetValueOrDefault(stage)})");
        }

        o.WriteLine($"  frames: {run.Frames} captured, {run.FramesCommanded} commanded ({r.SteadyFrames} after warm-up), {run.Misses} over the {run.DeadlineMs:0.#} ms deadline, " +
                    $"{run.DroppedStaleFrames} dropped stale; {(run.AllocatedBytesPerFrame is { } bytes ? $"{bytes:0.#}" : "n/a")} B/frame allocated by the robot's threads");
        PrintRuntime(o, "probe", r.ProbeRuntime);
        PrintRuntime(o, "loop", r.LoopRuntime);
        o.WriteLine();

        o.WriteLine("  what was happening: time charged inside the windows (a thread's CPU time, a suspension's length), largest first;");
        o.WriteLine("  causes overlap. %win = of the windows' total time, %all = the same cause over the whole phase (background rate).");
        PrintCauses(o, "probe late wake-ups", r.ProbeLateWakeups, "probe");
        PrintCauses(o, "control overruns", r.ControlOverruns, "control thread");
        PrintCauses(o, $"steady frames over the p99 ({(r.SlowFrameSteps.P99Ms is { } p99 ? $"{p99:F2} ms" : "n/a")})", r.SlowFrames, null);
        if (r.SlowFrameSteps.Frames > 0)
        {
            o.WriteLine("    steps above their median in those frames: " + string.Join(", ", r.SlowFrameSteps.Steps
                .Where(s => s.ExcessMs > 0)
                .Select(s => $"{s.Step} +{s.ExcessMs:F2} ms ({s.Frames} frames, median {s.MedianMs:F3})")));
        }

        o.WriteLine();
        if (r.Threads.Count > 0)
        {
            o.WriteLine($"  {"thread CPU ms",-44} {"probe",9} {"loop",9} {"loop wait",9}");
            foreach (ThreadTime t in r.Threads.Take(16))
            {
                o.WriteLine($"  {(t.Count > 1 ? $"{t.Thread} (x{t.Count})" : t.Thread),-44} {t.ProbeCpuMs,9:F1} {t.LoopCpuMs,9:F1} {t.LoopRunnableWaitMs,9:F1}");
            }
        }

        if (r.Observers.RuntimeEvents)
        {
            List<CompiledMethod> compiled = r.MethodsCompiledDuringLoop;
            o.WriteLine($"  methods JIT-compiled during the loop: {compiled.Count} ({compiled.Count(m => m.SteadyState)} after the warm-up frames); " +
                        $"{compiled.Count(m => m.Foreground)} by a thread for itself (it waits), {compiled.Count(m => !m.Foreground)} by the tiering worker. " +
                        "Longest compiled for itself:");
            foreach (CompiledMethod m in compiled.Where(m => m.Foreground).OrderByDescending(m => m.Ms).Take(8))
            {
                o.WriteLine($"    +{m.AtMs,8:F1} ms  {m.Ms,7:F2} ms  {m.Tier,-9} {m.Method} on {m.Thread}{(m.SteadyState ? " (steady state)" : "")}");
            }

            o.WriteLine($"  allocation ticks during the loop (one per ~100 KB): {r.Allocations.Sum(a => a.Ticks)}");
            foreach (AllocationSite a in r.Allocations.Take(8))
            {
                o.WriteLine($"    {a.Ticks,5} x {a.Type} on {a.Thread}");
            }

            if (r.Exceptions.Count > 0)
            {
                o.WriteLine("  exceptions during the loop: " + string.Join(", ", r.Exceptions.Select(e => $"{e.Key} x{e.Value}")));
            }
        }

        ObserverCost c = r.Observers;
        o.WriteLine($"  measuring cost: runtime events {(c.RuntimeEvents ? $"on ({c.EventsReceived} received, {c.EventsDropped} dropped; the listener's thread allocated {c.ListenerAllocatedBytes / 1024.0:F0} KB)" : "off")}; " +
                    (c.SampleIntervalMs > 0
                        ? $"thread sampler every {c.SampleIntervalMs} ms ({c.Samples} samples, {(c.SamplerCpuPerSampleUs is { } us ? $"{us:F0} us" : "n/a")} CPU each, " +
                          $"{(c.SamplerAllocatedBytes is { } samplerBytes ? $"{samplerBytes} B" : "n/a")} allocated after its first {ThreadActivitySampler.SteadyFromSample}, SCHED_FIFO 1: {YesNo(c.SamplerRealtime)})"
                        : "thread sampler off"));
        o.WriteLine("  figures measured on a loaded machine mean little; compare the probe and the loop of the same run.");
    }

    private static void PrintRuntime(TextWriter o, string phase, RuntimeActivity? a)
    {
        if (a is null)
        {
            return;
        }

        o.WriteLine($"  runtime during the {phase}: GCs gen0/1/2 {a.Gen0Collections}/{a.Gen1Collections}/{a.Gen2Collections}, paused {a.GcPauseMs:F2} ms; " +
                    $"{a.JitMethods} methods JIT-compiled ({a.JitMs:F1} ms); {a.AllocatedBytes / 1024.0:F0} KB allocated by the process");
    }

    private static void PrintCauses(TextWriter o, string title, AttributionReport a, string? victim)
    {
        o.WriteLine($"  {title}: {a.Count}, {a.WindowMs:F1} ms of windows" +
                    (victim is not null && a.VictimRunnableWaitMs is { } wait ? $"; the {victim} waited runnable for a CPU {wait:F1} ms of it" : "") +
                    (a.MinorFaultsInWindows is { } minor ? $"; page faults in them {minor:F0} minor, {a.MajorFaultsInWindows:F0} major ({a.MinorFaultsPerSecond:F0}/s over the phase)" : ""));
        foreach (RankedCause c in a.Causes.Take(CausesShown))
        {
            o.WriteLine($"    {c.InWindowsMs,9:F2} ms {c.ShareOfWindowTime * 100,6:F1} %win {c.ShareOfPhaseTime * 100,6:F1} %all  {c.Windows,5} win  {c.Kind,-7} {c.Cause}");
        }
    }

    private static string Distribution(RunReport.Distribution d) =>
        d.Samples == 0 ? "n/a" : $"p50 {Ms(d.P50)}  p99 {Ms(d.P99)}  p99.9 {Ms(d.P999)}  max {Ms(d.Max)}  ({d.Samples} samples)";

    private static string Ms(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Us(double? v) => v is { } x ? x.ToString("F0", CultureInfo.InvariantCulture) : "n/a";

    private static string Per10k(double? v) => v is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) : "n/a";

    private static string Triple(LatenessHistogram h) => $"{Us(h.P50Us)}/{Us(h.P99Us)}/{Us(h.P999Us)}";

    private static string YesNo(bool b) => b ? "yes" : "no";
}
