using System.Text;
using RobotEdge.Host.Benchmarks.RealTime;

namespace RobotEdge.Host.Tests.Benchmarks;

/// <summary><c>bench rt</c>'s arithmetic on made-up timelines whose answers are known: charges, histograms, /proc parsing, options.</summary>
public sealed class RtBenchAnalysisTests
{
    private const long Ms = 1_000_000;

    /// <summary>
    /// A: busy all of [0, 10 ms); B: 5 ms spread over [0, 20 ms); a GC suspension over [4, 6 ms).
    /// Windows [2, 5) and [4, 8) merge into [2, 8); a third is [15, 16). So A is charged 6 ms, the GC
    /// 2 ms, B a quarter of 7 ms; over the phase [0, 20 ms) they take 50 %, 10 % and 25 %.
    /// </summary>
    [Fact]
    public void TheLedgerChargesEachCauseItsOverlapWithTheMergedWindows()
    {
        var ledger = new CauseLedger();
        ledger.Add("thread", "A", 0, 10 * Ms, 10 * Ms);
        ledger.Add("thread", "B", 0, 20 * Ms, 5 * Ms);
        ledger.Add("runtime", "GC", 4 * Ms, 6 * Ms, 2 * Ms);
        ledger.Add("thread", "ignored: empty interval", 3 * Ms, 3 * Ms, Ms);
        TimeWindow[] windows = [new(2 * Ms, 5 * Ms), new(4 * Ms, 8 * Ms), new(15 * Ms, 16 * Ms)];

        IReadOnlyList<RankedCause> ranked = ledger.Rank(windows, 0, 20 * Ms);

        Assert.Equal(["A", "GC", "B"], ranked.Select(c => c.Cause));
        Assert.Equal(6.0, ranked[0].InWindowsMs, 9);
        Assert.Equal(2.0, ranked[1].InWindowsMs, 9);
        Assert.Equal(1.75, ranked[2].InWindowsMs, 9);
        Assert.Equal(6.0 / 7, ranked[0].ShareOfWindowTime, 9);
        Assert.Equal([0.5, 0.1, 0.25], ranked.Select(c => Math.Round(c.ShareOfPhaseTime, 9)));
        Assert.Equal([1, 1, 2], ranked.Select(c => c.Windows));
        Assert.Equal(["thread", "runtime", "thread"], ranked.Select(c => c.Kind));

        var perWindow = ledger.TopPerWindow(CauseLedger.Merge(windows), 2).ToList();
        Assert.Equal(2, perWindow.Count);
        Assert.Equal(new TimeWindow(2 * Ms, 8 * Ms), perWindow[0].Window);
        Assert.Equal(["A", "GC"], perWindow[0].Top.Select(c => c.Cause));
        Assert.Equal(["B"], perWindow[1].Top.Select(c => c.Cause));
        Assert.Equal(0.25, perWindow[1].Top[0].InWindowsMs, 9);
    }

    [Fact]
    public void WindowsThatDoNotOverlapAnythingChargeNothing()
    {
        var ledger = new CauseLedger();
        ledger.Add("thread", "A", 0, Ms, Ms);
        Assert.Empty(ledger.Rank([new TimeWindow(2 * Ms, 3 * Ms)], 0, 4 * Ms));
        Assert.Empty(ledger.Rank([], 0, 4 * Ms));
        Assert.Equal(0, CauseLedger.Overlap(0, 1, 1, 2));
        Assert.Equal(1, CauseLedger.Overlap(0, 2, 1, 5));
    }

    /// <summary>Seven wake-ups against a 2 ms period: three under 50 µs (one early), one in each of three middle buckets, one over 20 ms; two over a period late.</summary>
    [Fact]
    public void TheHistogramPutsEachWakeUpInItsBucketAndCountsThoseOverAPeriod()
    {
        long[] lateness = [-1_000, 10_000, 49_999, 50_000, 150_000, 2_000_001, 25_000_000];

        LatenessHistogram h = LatenessHistogram.Of(lateness, 2 * Ms);

        Assert.Equal(7, h.Count);
        Assert.Equal(7, h.Buckets.Sum(b => b.Count));
        Assert.Equal([3L, 1, 1, 0, 0, 0, 1, 0, 0, 1], h.Buckets.Select(b => b.Count));
        Assert.Equal("< 50 us", h.Buckets[0].Range);
        Assert.Equal("2 ms-5 ms", h.Buckets[6].Range);
        Assert.Equal(">= 20 ms", h.Buckets[^1].Range);
        Assert.Equal(2, h.LateOverPeriod);
        Assert.Equal(2 * 10_000.0 / 7, h.LatePer10k!.Value, 9);
        Assert.Equal(50.0, h.P50Us);
        Assert.Equal(25_000.0, h.MaxUs);
        Assert.Null(LatenessHistogram.Of([], 2 * Ms).P50Us);
    }

    [Fact]
    public void ProcFilesAreParsedFieldByField()
    {
        Assert.Equal(56, ProcFiles.Field("12 34\n56"u8, 2));
        Assert.Equal(-1, ProcFiles.Field("12 34"u8, 2));
        // proc(5): the command name may hold spaces and parentheses; fields count on after the last ')'.
        ReadOnlySpan<byte> stat = "1 (a (b) c) S 2 3 4 5 6 7 8 9 10"u8;
        Assert.Equal(8, ProcFiles.StatField(stat, 10));
        Assert.Equal(10, ProcFiles.StatField(stat, 12));
        Assert.Equal(-1, ProcFiles.StatField(stat, 3));
        // user nice system [idle iowait] irq softirq: (1 + 2 + 3 + 6 + 7) ticks of 10 ms; steal 8 ticks.
        ReadOnlySpan<byte> procStat = "cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 100 100 100 100 100 100 100 100 0 0\n"u8;
        Assert.Equal(190_000_000, ProcFiles.SystemBusyNs(procStat));
        Assert.Equal(80_000_000, ProcFiles.SystemStealNs(procStat));

        Span<byte> path = stackalloc byte[64];
        Assert.Equal("/proc/self/task/4321/schedstat\0", Encoding.ASCII.GetString(ProcFiles.TaskFilePath(path, 4321, "schedstat"u8)));
    }

    [Theory]
    [InlineData(0, 0, 10, "--seconds")]
    [InlineData(double.NaN, 0, 10, "--seconds")]
    [InlineData(1, -1, 10, "--hog")]
    [InlineData(1, 65, 10, "--hog")]
    [InlineData(1, 0, -1, "--sample-ms")]
    [InlineData(1, 0, 10, "--hog-processes", -1)]
    public void OptionsOutOfRangeAreRefusedByName(double seconds, int hog, int sampleMs, string option, int hogProcesses = 0)
    {
        var options = new RtBenchOptions { RobotPath = "robots/pan_tilt", Seconds = seconds, HogThreads = hog, HogProcesses = hogProcesses, SampleIntervalMs = sampleMs };
        Assert.StartsWith(option + " ", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
