using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Turns what a <c>bench rt</c> run recorded into its report: the probe's and the loop's lateness
/// histograms, the bad moments of each (the probe's late wake-ups, the control overruns, the steady
/// frames over the p99) and, for each kind, the causes ranked by the time they were charged inside
/// those moments (<see cref="CauseLedger"/>). Runs after the run, on the calling thread; allocates freely.
/// </summary>
public static partial class RtBenchAnalysis
{
    /// <summary>Most windows listed one by one per kind in the JSON report.</summary>
    public const int MaxWindowDetails = 2_000;

    /// <summary>The control ticks' own bodies, from the trace.</summary>
    public const string ControlTickBodyCause = "control tick bodies (read, update, write; from the trace)";

    /// <summary>Causes kept per kind.</summary>
    private const int MaxCauses = 15;

    /// <summary>Builds the report.</summary>
    public static RtBenchReport Build(RtBenchInputs x)
    {
        long period = x.PeriodNs;
        long[] probeLateness = x.Probe.LatenessNs();
        var tickLateness = new long[x.Trace.Count];
        var overrunWindows = new List<TimeWindow>();
        for (int i = 0; i < x.Trace.Count; i++)
        {
            tickLateness[i] = x.Trace.WokeNs(i) - x.Trace.DueNs(i);
            if (tickLateness[i] > period)
            {
                overrunWindows.Add(new TimeWindow(x.Trace.DueNs(i), x.Trace.WokeNs(i)));
            }
        }

        var probeWindows = new List<TimeWindow>();
        for (int i = 0; i < probeLateness.Length; i++)
        {
            if (probeLateness[i] > period)
            {
                probeWindows.Add(new TimeWindow(x.Probe.DueNs[i], x.Probe.WokeNs[i]));
            }
        }

        LatenessHistogram probe = LatenessHistogram.Of(probeLateness, period);
        LatenessHistogram ticks = LatenessHistogram.Of(tickLateness, period);
        (SlowFrameSteps slowSteps, long steadyFrames) = AnalyseFrames(x, out List<TimeWindow> slowFrameWindows);

        ThreadNames names = ThreadNames.From(x.Sampler, x.Events?.DispatchThreadId ?? 0);
        var ledger = new CauseLedger();
        AddSampledCauses(ledger, x.Sampler, names, countersStandIn: x.Events is null);
        // The loop's own ticks, exactly: a body that runs past the next tick's due time makes that tick late.
        for (int i = 0; i < x.Trace.Count; i++)
        {
            ledger.Add("loop", ControlTickBodyCause, x.Trace.WokeNs(i), x.Trace.EndNs(i), x.Trace.EndNs(i) - x.Trace.WokeNs(i));
        }

        RuntimeFindings findings = AddRuntimeEvents(ledger, x.Events, names, x.LoopStartNs, x.LoopEndNs, SteadyStartNs(x));

        int controlSlot = x.Sampler?.SlotOf(x.Trace.ControlThreadId) ?? -1;
        int probeSlot = x.Sampler?.SlotOf(x.Probe.ThreadId) ?? -1;
        return new RtBenchReport
        {
            Robot = x.Robot,
            SecondsPerPhase = x.Options.Seconds,
            HogThreads = x.Options.HogThreads,
            HogProcesses = x.Options.HogProcesses,
            PeriodUs = period / 1e3,
            Priority = x.Priority,
            ProbeRealtime = x.Probe.Realtime,
            LoopRealtime = x.Run.RealtimeScheduling,
            Probe = probe,
            ControlTicks = ticks,
            TicksNotTraced = x.Trace.DroppedTicks,
            OverrunsOverProbe = probe.LatePer10k is > 0 && ticks.LatePer10k is { } loopRate ? loopRate / probe.LatePer10k : null,
            Run = x.Run,
            SteadyFrames = steadyFrames,
            ProbeRuntime = x.ProbeRuntime,
            LoopRuntime = x.LoopRuntime,
            ProbeLateWakeups = Attribute("probe wake-ups more than one period late: due -> woke", ledger, probeWindows, x.ProbeStartNs, x.ProbeEndNs,
                x.Sampler, probeSlot),
            ControlOverruns = Attribute("control ticks more than one period late: due -> woke", ledger, overrunWindows, x.LoopStartNs, x.LoopEndNs,
                x.Sampler, controlSlot),
            SlowFrames = Attribute("steady-state frames over the capture -> command p99: capture -> command", ledger, slowFrameWindows,
                x.LoopStartNs, x.LoopEndNs, x.Sampler, victimSlot: -1),
            SlowFrameSteps = slowSteps,
            Threads = ThreadTimes(x, names),
            MethodsCompiledDuringLoop = findings.Methods,
            Allocations = findings.Allocations,
            Exceptions = findings.Exceptions,
            Observers = new ObserverCost
            {
                RuntimeEvents = x.Events is not null,
                EventsReceived = x.Events?.Received ?? 0,
                EventsDropped = x.Events?.Dropped ?? 0,
                ListenerAllocatedBytes = x.Events?.ListenerAllocatedBytes ?? 0,
                SampleIntervalMs = x.Sampler?.IntervalMs ?? 0,
                Samples = x.Sampler?.SampleCount ?? 0,
                SamplesDropped = x.Sampler?.DroppedSamples ?? 0,
                SamplerAllocatedBytes = x.Sampler is { SteadyAllocatedBytes: >= 0 } s ? s.SteadyAllocatedBytes : null,
                SamplerRealtime = x.Sampler?.SamplerRealtime ?? false,
                SamplerCpuPerSampleUs = SamplerCostUs(x.Sampler),
                Note = x.Events is null ? "" : "runtime event times are mapped from the runtime's UTC stamps to the monotonic clock with one pair of readings (microseconds apart)",
            },
        };
    }

    /// <summary>When the steady state began: the capture of the first frame after the warm-up frames (the loop's start when none was captured).</summary>
    private static long SteadyStartNs(RtBenchInputs x) =>
        RealtimeRunner.WarmupFrames < x.Frames.Capacity && x.Frames.CaptureNs(RealtimeRunner.WarmupFrames) != 0
            ? x.Frames.CaptureNs(RealtimeRunner.WarmupFrames)
            : x.LoopStartNs;

    private static AttributionReport Attribute(string what, CauseLedger ledger, List<TimeWindow> windows, long phaseStartNs, long phaseEndNs,
        ThreadActivitySampler? sampler, int victimSlot)
    {
        List<TimeWindow> merged = CauseLedger.Merge(windows);
        IReadOnlyList<RankedCause> causes = ledger.Rank(merged, phaseStartNs, phaseEndNs);
        double? wait = null, minor = null, major = null, minorRate = null;
        if (sampler is { SampleCount: >= 2 })
        {
            if (victimSlot >= 0)
            {
                wait = InWindows(sampler, k => sampler.WaitNs(k, victimSlot), merged, sampler.FirstSample(victimSlot)) / 1e6;
            }

            minor = InWindows(sampler, sampler.MinorFaults, merged, 0);
            major = InWindows(sampler, sampler.MajorFaults, merged, 0);
            double phaseSeconds = Math.Max(1e-9, (phaseEndNs - phaseStartNs) * 1e-9);
            minorRate = InWindows(sampler, sampler.MinorFaults, [new TimeWindow(phaseStartNs, phaseEndNs)], 0) / phaseSeconds;
        }

        var details = new List<WindowDetail>();
        foreach ((TimeWindow w, IReadOnlyList<RankedCause> top) in ledger.TopPerWindow(merged.Take(MaxWindowDetails).ToList(), 3))
        {
            details.Add(new WindowDetail(Math.Round((w.StartNs - phaseStartNs) / 1e6, 3), Math.Round((w.EndNs - w.StartNs) / 1e6, 3),
                top.Count == 0 ? "nothing recorded" : string.Join("; ", top.Select(c => $"{c.Cause} {c.InWindowsMs:F2} ms"))));
        }

        return new AttributionReport
        {
            Windows = what,
            Count = windows.Count,
            WindowMs = merged.Sum(w => (w.EndNs - w.StartNs) / 1e6),
            Causes = [.. causes.Take(MaxCauses)],
            VictimRunnableWaitMs = wait,
            MinorFaultsInWindows = minor,
            MajorFaultsInWindows = major,
            MinorFaultsPerSecond = minorRate,
            Details = details,
        };
    }

    /// <summary>
    /// The part of a cumulative counter's increments that fell inside <paramref name="windows"/>, each
    /// increment spread evenly over its sample interval; intervals before <paramref name="firstSample"/> are skipped.
    /// </summary>
    private static double InWindows(ThreadActivitySampler sampler, Func<int, long> cumulative, IReadOnlyList<TimeWindow> windows, int firstSample)
    {
        double total = 0;
        int w = 0;
        for (int k = Math.Max(1, firstSample + 1); k < sampler.SampleCount; k++)
        {
            long t0 = sampler.TimeNs(k - 1), t1 = sampler.TimeNs(k);
            long delta = cumulative(k) - cumulative(k - 1);
            if (delta <= 0 || t1 <= t0)
            {
                continue;
            }

            while (w < windows.Count && windows[w].EndNs <= t0)
            {
                w++;
            }

            for (int v = w; v < windows.Count && windows[v].StartNs < t1; v++)
            {
                total += (double)delta * CauseLedger.Overlap(t0, t1, windows[v].StartNs, windows[v].EndNs) / (t1 - t0);
            }
        }

        return total;
    }

    private static double? SamplerCostUs(ThreadActivitySampler? sampler)
    {
        if (sampler is not { SampleCount: >= 2 })
        {
            return null;
        }

        int slot = sampler.SlotOf(sampler.SamplerThreadId);
        if (slot < 0)
        {
            return null;
        }

        int first = sampler.FirstSample(slot);
        int last = sampler.SampleCount - 1;
        return last > first ? (sampler.RunNs(last, slot) - sampler.RunNs(first, slot)) / 1e3 / (last - first) : null;
    }

    private static List<ThreadTime> ThreadTimes(RtBenchInputs x, ThreadNames names)
    {
        ThreadActivitySampler? sampler = x.Sampler;
        if (sampler is not { SampleCount: >= 2 })
        {
            return [];
        }

        var rows = new Dictionary<string, (int Count, double Probe, double Loop, double Wait)>();
        for (int s = 0; s < sampler.ThreadCount; s++)
        {
            int slot = s;
            int first = sampler.FirstSample(slot);
            double probe = InWindows(sampler, k => sampler.RunNs(k, slot), [new TimeWindow(x.ProbeStartNs, x.ProbeEndNs)], first);
            double loop = InWindows(sampler, k => sampler.RunNs(k, slot), [new TimeWindow(x.LoopStartNs, x.LoopEndNs)], first);
            double wait = InWindows(sampler, k => sampler.WaitNs(k, slot), [new TimeWindow(x.LoopStartNs, x.LoopEndNs)], first);
            string name = names.Label(sampler.ThreadId(slot));
            (int count, double p, double l, double w) = rows.GetValueOrDefault(name);
            rows[name] = (count + 1, p + probe, l + loop, w + wait);
        }

        return [.. rows
            .Select(r => new ThreadTime(r.Key, r.Value.Count, Math.Round(r.Value.Probe / 1e6, 2), Math.Round(r.Value.Loop / 1e6, 2), Math.Round(r.Value.Wait / 1e6, 2)))
            .Where(t => t.ProbeCpuMs > 0 || t.LoopCpuMs > 0)
            .OrderByDescending(t => t.LoopCpuMs)];
    }
}
