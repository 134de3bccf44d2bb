using RobotEdge.Bus.Timing;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Reporting;

/// <summary>One self-updating progress line on the console (or plain lines when output is redirected).</summary>
public sealed class ProgressLine
{
    private readonly long _total;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private int _lastPercentPrinted = -1;

    /// <summary>Creates a progress line for <paramref name="total"/> frames.</summary>
    public ProgressLine(long total) => _total = total;

    /// <summary>Shows progress after <paramref name="frames"/> frames.</summary>
    public void Update(long frames, RunStatistics statistics)
    {
        int percent = (int)(100 * frames / Math.Max(1, _total));
        var e2e = statistics.Deadlines.Latencies(DeadlineStage.EndToEnd);
        string line = $"frame {frames}/{_total} ({percent}%)  latency {SummaryPrinter.MeanMax(e2e)}  " +
                      $"misses {statistics.Deadlines.Misses(DeadlineStage.EndToEnd)}  tracking {SummaryPrinter.F(statistics.LastTrackingErrorDeg, 2)} deg";
        if (_interactive)
        {
            Console.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 120) : 100));
        }
        else if (percent / 10 != _lastPercentPrinted / 10)
        {
            _lastPercentPrinted = percent;
            Console.WriteLine(line);
        }
    }

    /// <summary>Ends the line.</summary>
    public void Finish()
    {
        if (_interactive)
        {
            Console.WriteLine();
        }
    }
}
