namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>The causes entered in the ledger: sampled thread CPU, the rest of the machine, runtime events.</summary>
public static partial class RtBenchAnalysis
{
    /// <summary>Charged as "the machine" when the hypervisor kept the virtual CPUs from running.</summary>
    public const string StealCause = "hypervisor steal: the virtual CPUs did not run (all CPUs; /proc/stat, 10 ms steps)";

    /// <summary>Charged as "the machine" when the sampler sees the CPUs busier than this process.</summary>
    public const string OtherProcessesCause = "other processes and the kernel (all CPUs; /proc/stat, 10 ms steps)";

    /// <summary>
    /// Enters, per sample interval, each thread's CPU time and the machine's busy time beyond this
    /// process's; with <paramref name="countersStandIn"/> (no runtime events), the runtime's own GC
    /// pause and JIT time counters stand in for the events.
    /// </summary>
    private static void AddSampledCauses(CauseLedger ledger, ThreadActivitySampler? sampler, ThreadNames names, bool countersStandIn)
    {
        if (sampler is not { SampleCount: >= 2 })
        {
            return;
        }

        var labels = new string[sampler.ThreadCount];
        for (int s = 0; s < labels.Length; s++)
        {
            labels[s] = names.Label(sampler.ThreadId(s));
        }

        for (int k = 1; k < sampler.SampleCount; k++)
        {
            long t0 = sampler.TimeNs(k - 1), t1 = sampler.TimeNs(k);
            long process = 0;
            for (int s = 0; s < sampler.ThreadCount; s++)
            {
                // A thread first seen at sample k has no earlier reading to difference.
                if (sampler.FirstSample(s) > k - 1)
                {
                    continue;
                }

                long ran = sampler.RunNs(k, s) - sampler.RunNs(k - 1, s);
                if (ran > 0)
                {
                    process += ran;
                    ledger.Add("thread", labels[s], t0, t1, ran);
                }
            }

            long busy = sampler.SystemBusyNs(k) - sampler.SystemBusyNs(k - 1);
            ledger.Add("machine", OtherProcessesCause, t0, t1, busy - process);
            ledger.Add("machine", StealCause, t0, t1, sampler.StealNs(k) - sampler.StealNs(k - 1));
            if (countersStandIn)
            {
                ledger.Add("runtime", "GC pauses (runtime counter)", t0, t1, sampler.GcPauseNs(k) - sampler.GcPauseNs(k - 1));
                ledger.Add("runtime", "JIT compilation, any thread (runtime counter)", t0, t1, sampler.JitNs(k) - sampler.JitNs(k - 1));
            }
        }
    }

    /// <summary>
    /// Enters the runtime's suspensions (labelled by reason, and for a GC by its generation and the
    /// thread that triggered it), JIT compilations and lock contention per thread, and collects what
    /// the loop compiled, allocated and threw.
    /// </summary>
    private static RuntimeFindings AddRuntimeEvents(CauseLedger ledger, RuntimeEventRecorder? events, ThreadNames names,
        long loopStartNs, long loopEndNs, long steadyStartNs)
    {
        var findings = new RuntimeFindings();
        if (events is null)
        {
            return findings;
        }

        var ordered = new RuntimeEvent[events.Count];
        for (int i = 0; i < ordered.Length; i++)
        {
            ordered[i] = events[i];
        }

        Array.Sort(ordered, (a, b) => a.TimeNs.CompareTo(b.TimeNs));
        RuntimeEvent? suspension = null;
        RuntimeEvent? gc = null;
        var jitting = new Dictionary<int, RuntimeEvent>();
        var contending = new Dictionary<int, RuntimeEvent>();
        var allocations = new Dictionary<(string Thread, string Type), (int Ticks, long Bytes)>();
        foreach (RuntimeEvent e in ordered)
        {
            bool inLoop = e.TimeNs >= loopStartNs && e.TimeNs <= loopEndNs;
            switch (e.Kind)
            {
                case RuntimeEventKind.SuspendBegin:
                    suspension = e;
                    gc = null;
                    break;
                case RuntimeEventKind.GcStart:
                    gc = e;
                    break;
                case RuntimeEventKind.RestartEnd when suspension is { } begin:
                    ledger.Add("runtime", SuspensionLabel(begin, gc, names), begin.TimeNs, e.TimeNs, e.TimeNs - begin.TimeNs);
                    suspension = null;
                    gc = null;
                    break;
                case RuntimeEventKind.JitStart:
                    jitting[e.ThreadId] = e;
                    break;
                case RuntimeEventKind.JitEnd when jitting.Remove(e.ThreadId, out RuntimeEvent start):
                    ledger.Add("runtime", $"JIT on {names.Label(e.ThreadId)}", start.TimeNs, e.TimeNs, e.TimeNs - start.TimeNs);
                    if (inLoop)
                    {
                        findings.Methods.Add(new CompiledMethod(Math.Round((start.TimeNs - loopStartNs) / 1e6, 1), $"{start.Owner ?? e.Owner}.{start.Text ?? e.Text}",
                            TierName(e.Value), Math.Round((e.TimeNs - start.TimeNs) / 1e6, 3), names.Label(e.ThreadId), e.TimeNs >= steadyStartNs,
                            !names.IsTieringWorker(e.ThreadId)));
                    }

                    break;
                case RuntimeEventKind.ContentionStart:
                    contending[e.ThreadId] = e;
                    break;
                case RuntimeEventKind.ContentionStop when contending.Remove(e.ThreadId, out RuntimeEvent blocked):
                    ledger.Add("runtime", $"blocked on a contended lock: {names.Label(e.ThreadId)}", blocked.TimeNs, e.TimeNs, e.TimeNs - blocked.TimeNs);
                    break;
                case RuntimeEventKind.AllocationTick when inLoop:
                    var site = (names.Label(e.ThreadId), e.Text ?? "?");
                    (int ticks, long bytes) = allocations.GetValueOrDefault(site);
                    allocations[site] = (ticks + 1, bytes + e.Value);
                    break;
                case RuntimeEventKind.Exception when inLoop:
                    string type = e.Text ?? "?";
                    findings.Exceptions[type] = findings.Exceptions.GetValueOrDefault(type) + 1;
                    break;
            }
        }

        findings.Allocations.AddRange(allocations
            .Select(a => new AllocationSite(a.Key.Thread, a.Key.Type, a.Value.Ticks, a.Value.Bytes))
            .OrderByDescending(a => a.Bytes));
        return findings;
    }

    private static string SuspensionLabel(RuntimeEvent begin, RuntimeEvent? gc, ThreadNames names) => begin.Value switch
    {
        // SUSPEND_FOR_GC, SUSPEND_FOR_GC_PREP
        1 or 6 when gc is { } start => $"GC gen{start.Value}: runtime suspended (triggered on {names.Label(start.ThreadId)})",
        1 or 6 => "GC: runtime suspended",
        3 => "runtime suspended for rejit (tiered compilation)",
        5 or 7 => "runtime suspended for the debugger",
        // SUSPEND_OTHER: among others, tiered compilation's call-counting completion and OSR patching.
        0 => $"runtime suspended, other reason (tiered-compilation call counting, …; requested on {names.Label(begin.ThreadId)})",
        _ => $"runtime suspended, reason {begin.Value}",
    };

    /// <summary>The optimisation tier of a MethodLoad event's flags (bits 7 and up).</summary>
    private static string TierName(long tier) => tier switch
    {
        1 => "MinOpts",
        2 => "FullOpts",
        3 => "Tier0",
        4 => "Tier1",
        5 => "ReadyToRun",
        6 => "OSR",
        7 => "Tier0 instrumented",
        8 => "Tier1 instrumented",
        _ => "tier unknown",
    };

    /// <summary>What the runtime events showed beyond the causes.</summary>
    private sealed class RuntimeFindings
    {
        public List<CompiledMethod> Methods { get; } = [];

        public List<AllocationSite> Allocations { get; } = [];

        public Dictionary<string, int> Exceptions { get; } = [];
    }
}
