using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>The frames: the steady-state p99, the frames over it, and where they lost their time.</summary>
public static partial class RtBenchAnalysis
{
    private static (SlowFrameSteps Report, long SteadyFrames) AnalyseFrames(RtBenchInputs x, out List<TimeWindow> slowFrameWindows)
    {
        FrameTimeline frames = x.Frames;
        int last = Math.Min(x.FrameCount, frames.Capacity);
        var steady = new List<long>();
        for (long s = RealtimeRunner.WarmupFrames; s < last; s++)
        {
            if (frames.Commanded(s))
            {
                steady.Add(s);
            }
        }

        slowFrameWindows = [];
        if (steady.Count == 0)
        {
            return (new SlowFrameSteps(), 0);
        }

        long[] latencies = [.. steady.Select(frames.CaptureToCommandNs)];
        long[] sorted = (long[])latencies.Clone();
        Array.Sort(sorted);
        long p99 = sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)];

        int stepCount = FrameTimeline.StepNames.Length;
        var stepsOf = new long[steady.Count][];
        Span<long> scratch = stackalloc long[stepCount];
        for (int i = 0; i < steady.Count; i++)
        {
            frames.Steps(steady[i], scratch);
            stepsOf[i] = scratch.ToArray();
        }

        var medians = new double[stepCount];
        for (int step = 0; step < stepCount; step++)
        {
            long[] values = [.. stepsOf.Select(v => v[step]).Where(v => v >= 0)];
            Array.Sort(values);
            medians[step] = values.Length == 0 ? double.NaN : values[(values.Length - 1) / 2];
        }

        var excessNs = new double[stepCount];
        var over = new int[stepCount];
        int slow = 0;
        for (int i = 0; i < steady.Count; i++)
        {
            if (latencies[i] <= p99)
            {
                continue;
            }

            slow++;
            slowFrameWindows.Add(new TimeWindow(frames.CaptureNs(steady[i]), frames.CommandNs(steady[i])));
            for (int step = 0; step < stepCount; step++)
            {
                long value = stepsOf[i][step];
                if (value >= 0 && value > medians[step])
                {
                    excessNs[step] += value - medians[step];
                    over[step]++;
                }
            }
        }

        var report = new SlowFrameSteps
        {
            P99Ms = p99 / 1e6,
            Frames = slow,
            Steps = [.. Enumerable.Range(0, stepCount)
                .Where(step => !double.IsNaN(medians[step]))
                .Select(step => new StepExcess(FrameTimeline.StepNames[step], Math.Round(medians[step] / 1e6, 4), Math.Round(excessNs[step] / 1e6, 3), over[step]))
                .OrderByDescending(s => s.ExcessMs)],
        };
        return (report, steady.Count);
    }
}
