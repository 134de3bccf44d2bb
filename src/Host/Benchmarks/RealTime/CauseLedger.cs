namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Ranks the causes of bad moments by the time they cost. Each cause is entered as activities: an
/// amount of time (a runtime suspension's length, the CPU time a thread ran between two samples)
/// spread evenly over an interval of the monotonic clock. Given the bad windows (an overrun's due →
/// wake, a slow frame's capture → command), each cause is charged the part of its activities that
/// falls inside the windows, and compared with its share of the whole phase: a cause that takes 30 %
/// of the window time but 30 % of all time is background, one that takes 30 % of the window time and
/// 1 % of all time is implicated. Causes can overlap (a GC runs on some thread), so the charges are
/// not a partition of the window time. Not thread-safe; off the hot path.
/// </summary>
public sealed class CauseLedger
{
    private readonly List<Activity> _activities = [];
    private readonly Dictionary<string, string> _kinds = [];

    /// <summary>
    /// Enters <paramref name="amountNs"/> of <paramref name="cause"/> spread evenly over
    /// [<paramref name="startNs"/>, <paramref name="endNs"/>). An empty or reversed interval, or an
    /// amount that is not positive, is ignored.
    /// </summary>
    /// <param name="kind">The cause's family in reports: "runtime", "thread", "loop", "machine".</param>
    public void Add(string kind, string cause, long startNs, long endNs, long amountNs)
    {
        if (endNs <= startNs || amountNs <= 0)
        {
            return;
        }

        _kinds[cause] = kind;
        _activities.Add(new Activity(cause, startNs, endNs, amountNs));
    }

    /// <summary>
    /// The causes charged in <paramref name="windows"/> (overlapping windows are merged first, so no
    /// time counts twice), largest first, with each cause's share of the phase
    /// [<paramref name="phaseStartNs"/>, <paramref name="phaseEndNs"/>) beside it.
    /// </summary>
    public IReadOnlyList<RankedCause> Rank(IEnumerable<TimeWindow> windows, long phaseStartNs, long phaseEndNs)
    {
        List<TimeWindow> merged = Merge(windows);
        double windowNs = merged.Sum(w => (double)(w.EndNs - w.StartNs));
        double phaseNs = Math.Max(1, phaseEndNs - phaseStartNs);
        var inWindows = new Dictionary<string, double>();
        var inPhase = new Dictionary<string, double>();
        var touched = new Dictionary<string, HashSet<int>>();
        foreach (Activity a in _activities)
        {
            double perNs = (double)a.AmountNs / (a.EndNs - a.StartNs);
            inPhase[a.Cause] = inPhase.GetValueOrDefault(a.Cause) + perNs * Overlap(a.StartNs, a.EndNs, phaseStartNs, phaseEndNs);
            int first = FirstEndingAfter(merged, a.StartNs);
            for (int w = first; w < merged.Count && merged[w].StartNs < a.EndNs; w++)
            {
                long overlap = Overlap(a.StartNs, a.EndNs, merged[w].StartNs, merged[w].EndNs);
                if (overlap <= 0)
                {
                    continue;
                }

                inWindows[a.Cause] = inWindows.GetValueOrDefault(a.Cause) + perNs * overlap;
                if (!touched.TryGetValue(a.Cause, out HashSet<int>? set))
                {
                    touched[a.Cause] = set = [];
                }

                set.Add(w);
            }
        }

        return [.. inWindows
            .Select(c => new RankedCause(_kinds[c.Key], c.Key, c.Value / 1e6, windowNs == 0 ? 0 : c.Value / windowNs,
                inPhase.GetValueOrDefault(c.Key) / phaseNs, touched[c.Key].Count))
            .OrderByDescending(c => c.InWindowsMs)
            .ThenBy(c => c.Cause, StringComparer.Ordinal)];
    }

    /// <summary>
    /// For each of the sorted, disjoint <paramref name="windows"/> (as <see cref="Merge"/> returns them),
    /// its <paramref name="top"/> largest causes (their phase shares are left 0).
    /// </summary>
    public List<(TimeWindow Window, IReadOnlyList<RankedCause> Top)> TopPerWindow(IReadOnlyList<TimeWindow> windows, int top)
    {
        var sorted = windows as List<TimeWindow> ?? [.. windows];
        var charged = new Dictionary<string, double>[sorted.Count];
        foreach (Activity a in _activities)
        {
            double perNs = (double)a.AmountNs / (a.EndNs - a.StartNs);
            for (int w = FirstEndingAfter(sorted, a.StartNs); w < sorted.Count && sorted[w].StartNs < a.EndNs; w++)
            {
                long overlap = Overlap(a.StartNs, a.EndNs, sorted[w].StartNs, sorted[w].EndNs);
                if (overlap > 0)
                {
                    charged[w] ??= [];
                    charged[w][a.Cause] = charged[w].GetValueOrDefault(a.Cause) + perNs * overlap;
                }
            }
        }

        var result = new List<(TimeWindow Window, IReadOnlyList<RankedCause> Top)>(sorted.Count);
        for (int w = 0; w < sorted.Count; w++)
        {
            double length = Math.Max(1, sorted[w].EndNs - sorted[w].StartNs);
            IReadOnlyList<RankedCause> largest = charged[w] is not { } causes
                ? []
                : causes
                    .OrderByDescending(c => c.Value)
                    .ThenBy(c => c.Key, StringComparer.Ordinal)
                    .Take(top)
                    .Select(c => new RankedCause(_kinds[c.Key], c.Key, c.Value / 1e6, c.Value / length, 0, 1))
                    .ToList();
            result.Add((sorted[w], largest));
        }

        return result;
    }

    /// <summary>Sorts <paramref name="windows"/> and merges those that overlap or touch; empty ones are dropped.</summary>
    public static List<TimeWindow> Merge(IEnumerable<TimeWindow> windows)
    {
        var merged = new List<TimeWindow>();
        foreach (TimeWindow w in windows.Where(w => w.EndNs > w.StartNs).OrderBy(w => w.StartNs))
        {
            if (merged.Count > 0 && w.StartNs <= merged[^1].EndNs)
            {
                merged[^1] = merged[^1] with { EndNs = Math.Max(merged[^1].EndNs, w.EndNs) };
            }
            else
            {
                merged.Add(w);
            }
        }

        return merged;
    }

    /// <summary>Length of the intersection of [a0, a1) and [b0, b1), ns (0 when disjoint).</summary>
    public static long Overlap(long a0, long a1, long b0, long b1) => Math.Max(0, Math.Min(a1, b1) - Math.Max(a0, b0));

    /// <summary>Index of the first of the sorted, disjoint <paramref name="merged"/> windows that ends after <paramref name="timeNs"/>.</summary>
    private static int FirstEndingAfter(List<TimeWindow> merged, long timeNs)
    {
        int lo = 0, hi = merged.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (merged[mid].EndNs <= timeNs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private readonly record struct Activity(string Cause, long StartNs, long EndNs, long AmountNs);
}
