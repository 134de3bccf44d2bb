using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Benchmarks;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bench edge</c>: the site edge server under N robots at 30 Hz, the deadline scheduler
/// against the first-come-first-served batch-of-one baseline in the same run, and the time from
/// killing the server to each robot's first frame served on board. Prints a table; writes JSON.
/// </summary>
public static class EdgeBenchCommand
{
    /// <summary>Hit rate a robot count must reach to count as served.</summary>
    public const double Target = 0.99;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var robots = new Option<string>("--robots") { Description = "robot counts to sweep, comma-separated", DefaultValueFactory = _ => "4,8,16,24,32,48,64,96" };
        var seconds = new Option<double>("--seconds") { Description = "measured seconds per policy and robot count (after 1 s of warm-up)", DefaultValueFactory = _ => 4 };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var repeat = new Option<int>("--repeat") { Description = "runs per policy and robot count; the run with the median hit rate is reported", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--server-threads") { Description = "threads the server's ONNX Runtime session uses for one run (as robotedge edge --intra-op-threads)", DefaultValueFactory = _ => 1 };
        var robot = new Option<string>("--robot") { Description = "robot folder (its model and frames)", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var command = new Command("edge", "Benchmark the site edge server: N robots at 30 Hz, scheduler vs FCFS, fallback after server death") { robots, seconds, report, robot, threads, repeat };
        command.SetAction(parse => Run(parse.GetValue(robots)!, parse.GetValue(seconds), parse.GetValue(report), parse.GetValue(robot)!, parse.GetValue(threads), parse.GetValue(repeat)));
        return command;
    }

    private static int Run(string robotList, double seconds, string? reportPath, string robotPath, int serverThreads, int repeat)
    {
        int[] counts = robotList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        if (counts.Length == 0 || counts.Any(n => n < 1) || seconds <= 0 || serverThreads < 1 || repeat < 1)
        {
            throw new ArgumentException("--robots needs positive counts, --seconds a positive duration and --server-threads and --repeat at least 1");
        }

        using ILoggerFactory loggers = Logging.CreateFactory(LogLevel.Error);
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        EdgeBenchmark.Replay replay = EdgeBenchmark.Replay.Render(config, loggers);
        Console.WriteLine($"{Environment.ProcessorCount} cores, server runs on {serverThreads} thread(s); robots at 30 Hz, edge answer needed {EdgeBenchmark.EdgeDeadlineMs} ms after capture; {seconds} s per run, {repeat} runs per policy and robot count");
        var modelTimes = EdgeBenchmark.ModelTimes(replay, maxBatch: 8, runs: 100, serverThreads, loggers);
        Console.WriteLine("model alone, ms per batch (median / p99) for batch 1..8: " +
                          string.Join("  ", modelTimes.Select((t, i) => $"{i + 1}: {t.MedianMs:F2}/{t.P99Ms:F2}")));
        Console.WriteLine($"{"policy",-9}{"robots",7}{"hit rate",10}{"p50 ms",9}{"p99 ms",9}{"batch",7}{"rejected",10}{"fallbacks",11}{"late",6}  rejected: deadline/fair share/superseded/queue full; service ms typical/predicted; gen2 GCs, GC pause ms; clock offset error ms; hit rate of every run");

        // Warm-up, not reported: the first point of a process ran with code still being tiered up
        // by the JIT on the same two cores (the scheduler rejected 2-4% of the first point's frames
        // on its slow early runs, whichever robot count came first).
        Console.WriteLine("warming up (both policies, 8 robots, 2 s each; not reported)...");
        foreach (string policy in new[] { "deadline", "fcfs" })
        {
            EdgeBenchmark.Measure(policy, 8, 2, replay, serverThreads, loggers);
        }

        // The server killed under three robots with the real offloading estimator, three times. Measured
        // before the sweep: a robot is a process with one client, and after the sweep this process
        // holds the thread pool and the leftovers of a hundred connections (there the robots once
        // took 15-29 ms to hear of the reset, against 1-5 ms here).
        var killTrials = new List<(double[] AfterKill, double[] FromCapture)>();
        for (int trial = 0; trial < 3; trial++)
        {
            (double[] afterKill, double[] fromCapture) = EdgeBenchmark.FallbackAfterKill(robots: 3, killAfterSeconds: 2, replay, config, loggers);
            killTrials.Add((afterKill, fromCapture));
            Console.WriteLine($"server killed (trial {trial + 1}): first frame served on board after {string.Join(", ", afterKill.Select(f => $"{f:F1}"))} ms (3 robots); " +
                              $"from the later of kill and capture: {string.Join(", ", fromCapture.Select(f => $"{f:F1}"))} ms");
        }

        double[] fallback = killTrials.SelectMany(t => t.AfterKill).ToArray();
        double[] frameFallback = killTrials.SelectMany(t => t.FromCapture).ToArray();
        Console.WriteLine($"server killed: max {fallback.Max():F1} ms to the first frame on board, max {frameFallback.Max():F1} ms from the later of kill and capture");

        // Policies alternate run by run at each robot count, so that both see the same machine: on
        // this 2-vCPU build machine episodes of stolen CPU and stalled threads last seconds and come
        // and go (one 4 s run of either policy fell from 99% to 20-70% hits at a count it met in the
        // runs before and after). Several runs per point, and the median reported, keep one
        // episode from deciding a point.
        string[] names = ["deadline", "fcfs"];
        var policies = names.ToDictionary(n => n, _ => new List<EdgeBenchPoint>());
        var allRuns = names.ToDictionary(n => n, _ => new List<double[]>());
        var failedInARow = names.ToDictionary(n => n, _ => 0);
        foreach (int n in counts)
        {
            var runs = names.ToDictionary(name => name, _ => new List<EdgeBenchPoint>());
            for (int r = 0; r < repeat; r++)
            {
                foreach (string policy in names)
                {
                    // Two counts in a row far below the target: larger ones cannot do better.
                    if (failedInARow[policy] < 2)
                    {
                        runs[policy].Add(EdgeBenchmark.Measure(policy, n, seconds, replay, serverThreads, loggers));
                    }
                }
            }

            foreach (string policy in names.Where(p => runs[p].Count > 0))
            {
                List<EdgeBenchPoint> sorted = runs[policy].OrderBy(p => p.HitRate).ToList();
                EdgeBenchPoint p = sorted[(sorted.Count - 1) / 2];
                policies[policy].Add(p);
                allRuns[policy].Add(runs[policy].Select(r => r.HitRate).ToArray());
                Console.WriteLine($"{policy,-9}{p.Robots,7}{p.HitRate,10:P2}{FormatMs(p.P50Ms),9}{FormatMs(p.P99Ms),9}{p.MeanBatch,7:F2}{p.Rejected,10}{p.Fallbacks,11}{p.LateCompletions,6}  {p.RejectedDeadline}/{p.RejectedFairShare}/{p.RejectedSuperseded}/{p.RejectedQueueFull}; {p.ServiceTypicalMs:F2}/{p.ServicePredictedMs:F2}; {p.Gen2Collections}, {p.GcPauseMs:F0}; {p.MaxClockOffsetErrorMs:F2}; runs {string.Join(" ", runs[policy].Select(r => r.HitRate.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))}");
                failedInARow[policy] = p.HitRate < 0.5 ? failedInARow[policy] + 1 : 0;
            }
        }

        int best = LargestServed(policies["deadline"]), baseline = LargestServed(policies["fcfs"]);
        double ratio = baseline == 0 ? double.NaN : (double)best / baseline;
        Console.WriteLine($"largest robot count at >= {Target:P0} hits: scheduler {best}, baseline {baseline}, ratio {ratio:F2}");


        const int EncodingRobots = 8;
        EdgeBenchPoint asBytes = EdgeBenchmark.Measure("deadline", EncodingRobots, seconds, replay, serverThreads, loggers, pixelBytes: true);
        EdgeBenchPoint asFloats = EdgeBenchmark.Measure("deadline", EncodingRobots, seconds, replay, serverThreads, loggers, pixelBytes: false);
        Console.WriteLine($"tensor on the wire, {EncodingRobots} robots: uint8 ({replay.Payloads[0].Length} B) p50 {FormatMs(asBytes.P50Ms)} p99 {FormatMs(asBytes.P99Ms)} ms hits {asBytes.HitRate:P2}; " +
                          $"float32 ({replay.FloatPayloads[0].Length} B) p50 {FormatMs(asFloats.P50Ms)} p99 {FormatMs(asFloats.P99Ms)} ms hits {asFloats.HitRate:P2}");

        Console.WriteLine("frame on the wire (medians per frame; transfer computed from the bytes; keypoint error against the lossless tensor):");
        IReadOnlyList<WireEncodingBenchmark.Row> wire = WireEncodingBenchmark.Measure(replay, loggers);
        Console.WriteLine($"  {"encoding",-16}{"bytes",9}{"robot ms",10}{"server ms",11}{"error px",10}{"max px",8}{"@1 Gb/s ms",12}{"@100 Mb/s ms",14}");
        foreach (WireEncodingBenchmark.Row w in wire)
        {
            Console.WriteLine($"  {w.Encoding,-16}{w.Bytes,9:F0}{w.RobotMs,10:F3}{w.ServerMs,11:F3}{w.MeanErrorPx,10:F3}{w.MaxErrorPx,8:F2}{w.EndToEndMs(1000),12:F2}{w.EndToEndMs(100),14:F2}");
        }

        if (reportPath is not null)
        {
            var report = new
            {
                cores = Environment.ProcessorCount,
                serverThreads,
                frameRateHz = 30,
                edgeDeadlineMs = EdgeBenchmark.EdgeDeadlineMs,
                secondsPerRun = seconds,
                modelMsPerBatch = modelTimes.Select((t, i) => new { batch = i + 1, medianMs = t.MedianMs, p99Ms = t.P99Ms }).ToArray(),
                policies,
                runsPerPoint = repeat,
                hitRatesOfEveryRun = allRuns,
                largestRobotsAt99 = new { deadline = best, fcfs = baseline, ratio = double.IsNaN(ratio) ? (double?)null : ratio },
                fallbackAfterKillMs = fallback.Max(),
                fallbackAfterKillPerRobotMs = fallback,
                fallbackFromKillOrCapturePerRobotMs = frameFallback,
                wire = wire.Select(w => new
                {
                    encoding = w.Encoding, bytes = w.Bytes, robotMs = w.RobotMs, serverMs = w.ServerMs, meanErrorPx = w.MeanErrorPx, maxErrorPx = w.MaxErrorPx,
                    endToEndMsAt1Gbps = w.EndToEndMs(1000), endToEndMsAt100Mbps = w.EndToEndMs(100),
                }).ToArray(),
                encoding = new
                {
                    robots = EncodingRobots,
                    uint8 = new { bytes = replay.Payloads[0].Length, point = asBytes },
                    float32 = new { bytes = replay.FloatPayloads[0].Length, point = asFloats },
                },
            };
            string? folder = Path.GetDirectoryName(Path.GetFullPath(reportPath));
            Directory.CreateDirectory(folder!);
            File.WriteAllText(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }

    /// <summary>A latency figure with two decimals, or "-" when no frame was answered.</summary>
    private static string FormatMs(double? ms) => ms is double v ? v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>The largest robot count that, with every smaller count swept, reached the target.</summary>
    private static int LargestServed(List<EdgeBenchPoint> points)
    {
        int best = 0;
        foreach (EdgeBenchPoint p in points.OrderBy(p => p.Robots))
        {
            if (p.HitRate < Target)
            {
                break;
            }

            best = p.Robots;
        }

        return best;
    }
}
