using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RobotEdge.Edge.Registry;
using RobotEdge.Host.Benchmarks.EdgeFuzz;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Models;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge edge fuzz</c>: starts <c>robotedge edge</c> in a process of its own and sends it
/// malformed messages on the wire (by default 100,000, from three robots at once) while an honest
/// robot sends valid frames at 30 Hz beside them; prints crashes, what the server answered to the
/// bad messages, the honest robot's hit rate and the server's memory before and after. Exit code 0
/// when the server survived, answered no bad message with a pose and never dropped the honest
/// robot; 1 otherwise.
/// </summary>
public static class EdgeFuzzCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var messages = new Option<int>("--messages") { Description = "malformed messages to send in all", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<int>("--rate") { Description = "malformed messages per second, all fuzzing robots together", DefaultValueFactory = _ => 5_000 };
        var fuzzers = new Option<int>("--fuzzers") { Description = "fuzzing robots (one connection each)", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "seed of the malformed messages (the same seed makes the same choices)", DefaultValueFactory = _ => 20261203 };
        var robot = new Option<string>("--robot") { Description = "robot folder whose model card the server serves", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var classes = new Option<string?>("--classes") { Description = $"comma-separated classes to send (default all; a leading '-' on each excludes it instead): {string.Join(", ", Enum.GetNames<FuzzClass>())}" };
        var command = new Command("fuzz", "Fuzz a fresh edge server (its own process) with malformed wire messages beside an honest robot; print crashes, answers, hit rate, memory")
        {
            messages, rate, fuzzers, seed, robot, report, classes,
        };
        command.SetAction(parse => Run(parse.GetValue(messages), parse.GetValue(rate), parse.GetValue(fuzzers), parse.GetValue(seed), parse.GetValue(robot)!, parse.GetValue(report),
            ParseClasses(parse.GetValue(classes))));
        return command;
    }

    /// <summary>The classes <c>--classes</c> names (all of them but those marked '-' when every name is so marked); null without the option.</summary>
    private static FuzzClass[]? ParseClasses(string? list)
    {
        if (list is null)
        {
            return null;
        }

        string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool excluding = names.Length > 0 && names.All(n => n.StartsWith('-'));
        var named = new HashSet<FuzzClass>();
        foreach (string name in names)
        {
            if (!Enum.TryParse(name.TrimStart('-'), ignoreCase: true, out FuzzClass c) || !Enum.IsDefined(c))
            {
                throw new ArgumentException($"--classes: no fuzz class '{name.TrimStart('-')}' (known: {string.Join(", ", Enum.GetNames<FuzzClass>())})");
            }

            named.Add(c);
        }

        FuzzClass[] chosen = excluding ? [.. Enum.GetValues<FuzzClass>().Where(c => !named.Contains(c))] : [.. named];
        if (!chosen.Any(c => c is not (FuzzClass.Oversized or FuzzClass.BadHello)))
        {
            throw new ArgumentException("--classes must leave at least one class besides Oversized and BadHello");
        }

        return chosen;
    }

    private static int Run(int messages, int rate, int fuzzers, int seed, string robotPath, string? reportPath, FuzzClass[]? classes)
    {
        if (messages < 1 || rate < 1 || fuzzers < 1 || fuzzers > 16)
        {
            throw new ArgumentException("--messages and --rate must be positive and --fuzzers 1..16");
        }

        RobotConfig config = RobotConfigLoader.Load(robotPath);
        using ILoggerFactory loggers = Logging.CreateFactory(LogLevel.Warning);
        ModelCard card = SimulatedRobotRig.LoadOrGenerateCard(config, loggers.CreateLogger("RobotEdge.Edge"));
        string folder = Directory.CreateTempSubdirectory("robotedge-fuzz-").FullName;
        try
        {
            var site = new SiteFile();
            site.Robots.Add(new RobotEntryConfig { Id = "honest", Token = NewToken() });
            for (int i = 1; i <= fuzzers; i++)
            {
                site.Robots.Add(new RobotEntryConfig { Id = $"fuzz-{i}", Token = NewToken(), XM = i });
            }

            string sitePath = Path.Combine(folder, "site.json");
            site.Save(sitePath);
            return RunAgainstServer(site, sitePath, robotPath, card, new EdgeFuzzSettings { Messages = messages, MessagesPerSecond = rate, Seed = seed, Classes = classes }, reportPath)
                .GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunAgainstServer(SiteFile site, string sitePath, string robotPath, ModelCard card, EdgeFuzzSettings settings, string? reportPath)
    {
        Console.WriteLine($"starting robotedge edge (its own process) for {robotPath} ...");
        EdgeServerProcess server;
        try
        {
            server = await EdgeServerProcess.StartAsync(sitePath, robotPath, TimeSpan.FromSeconds(180));
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"robotedge: {CommandErrors.OneLine(e.Message)}");
            return ExitCodes.RunFailed;
        }

        await using (server)
        {
            var target = new EdgeFuzzTarget
            {
                RobotEndpoint = server.RobotEndpoint,
                ModelName = card.Name,
                TensorValues = 3 * card.Input.Width * card.Input.Height,
                Honest = (site.Robots[0].Id, site.Robots[0].Token),
                Fuzzers = site.Robots.Skip(1).Select(r => (r.Id, r.Token)).ToArray(),
                ServerRssBytes = server.RssBytes,
                ServerAlive = () => server.Alive,
            };
            Console.WriteLine($"server on {server.BaseAddress}; fuzzing: {settings.Messages:N0} malformed messages at {settings.MessagesPerSecond:N0}/s from {target.Fuzzers.Count} robots, " +
                              $"seed {settings.Seed}; an honest robot at {settings.HonestFrameRateHz:F0} Hz beside them (hit: pose within {settings.HonestDeadlineMs:F0} ms)");
            EdgeFuzzReport report = await EdgeFuzzRun.RunAsync(target, settings, CancellationToken.None);
            long errorLines = server.ErrorLines;
            (int ExitCode, double Seconds)? stop = await server.StopAsync();
            Print(report, errorLines, stop);
            if (reportPath is not null)
            {
                WriteJson(reportPath, report, errorLines, stop);
            }

            bool clean = report.ServerAlive && report.PosesToBadMessagesTotal == 0 && report.HonestDisconnects == 0 && errorLines == 0;
            if (!clean)
            {
                Console.WriteLine("server's last lines:");
                foreach (string line in server.LastLines().TakeLast(10))
                {
                    Console.WriteLine("  " + line);
                }
            }

            return clean ? ExitCodes.Ok : ExitCodes.RunFailed;
        }
    }

    private static void Print(EdgeFuzzReport r, long errorLines, (int ExitCode, double Seconds)? stop)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"sent {r.SentTotal:N0} malformed messages in {r.Seconds:F1} s ({r.SentTotal / Math.Max(r.Seconds, 1e-9):N0}/s) over {r.Connections} connections"));
        Console.WriteLine(string.Create(c, $"crashes: {(r.ServerAlive ? 0 : 1)} (server running after the fuzzing: {(r.ServerAlive ? "yes" : "NO")}; error lines it logged: {errorLines}; fuzzing connections reset without a close frame: {r.Resets})"));
        string posesByClass = Breakdown(r.PosesToBadMessages.ToDictionary(p => p.Key.ToString(), p => p.Value), " by class: ");
        Console.WriteLine(string.Create(c, $"answers to bad messages: {r.PosesToBadMessagesTotal} poses{posesByClass}; rejections and other answers:{Breakdown(r.Rejections, " ")}"));
        Console.WriteLine(string.Create(c, $"connections closed by the server:{Breakdown(r.ClosedByServer, " ")}{(r.ClosedByServer.Count == 0 ? " none" : "")}"));
        string latency = r.HonestLatency is { } l ? string.Create(c, $", answer p50 {l.P50Ms:F1} ms p99 {l.P99Ms:F1} ms") : "";
        Console.WriteLine(string.Create(c, $"honest robot: {r.HonestFrames} frames during the fuzzing, {r.HonestHitRate:P2} hits{latency}; rejections:{Breakdown(r.HonestRejections, " ")}{(r.HonestRejections.Count == 0 ? " none" : "")}; disconnects {r.HonestDisconnects}; " +
                                          $"alone before it (same machine, same load): {r.BaselineFrames} frames, {r.BaselineHitRate:P2} hits"));
        Console.WriteLine($"server RSS: before {Megabytes(r.RssBeforeBytes)}, after {Megabytes(r.RssAfterBytes)}");
        Console.WriteLine("sent by class:" + Breakdown(r.Sent.ToDictionary(p => p.Key.ToString(), p => p.Value), " "));
        Console.WriteLine(stop is { } s
            ? string.Create(c, $"server stopped by SIGTERM: exit code {s.ExitCode} after {s.Seconds:F1} s")
            : $"server did not exit within {EdgeServerProcess.StopGrace.TotalSeconds:F0} s of SIGTERM: killed");
    }

    private static string Breakdown(IReadOnlyDictionary<string, long> counts, string lead) =>
        counts.Count == 0 ? "" : lead + string.Join(", ", counts.OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:N0}")));

    private static string Megabytes(long? bytes) => bytes is long b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1e6:F1} MB") : "unknown";

    private static void WriteJson(string path, EdgeFuzzReport r, long errorLines, (int ExitCode, double Seconds)? stop)
    {
        var json = new
        {
            sent = r.SentTotal,
            sentByClass = r.Sent.ToDictionary(p => p.Key.ToString(), p => p.Value),
            seconds = r.Seconds,
            serverAlive = r.ServerAlive,
            serverErrorLines = errorLines,
            resets = r.Resets,
            posesToBadMessages = r.PosesToBadMessagesTotal,
            posesByClass = r.PosesToBadMessages.ToDictionary(p => p.Key.ToString(), p => p.Value),
            rejections = r.Rejections,
            closedByServer = r.ClosedByServer,
            baseline = new { frames = r.BaselineFrames, hits = r.BaselineHits, hitRate = r.BaselineHitRate },
            honest = new { frames = r.HonestFrames, hits = r.HonestHits, hitRate = r.HonestHitRate, rejections = r.HonestRejections, disconnects = r.HonestDisconnects, p50Ms = r.HonestLatency?.P50Ms, p99Ms = r.HonestLatency?.P99Ms },
            rssBeforeBytes = r.RssBeforeBytes,
            rssAfterBytes = r.RssAfterBytes,
            stop = stop is { } s ? new { exitCode = s.ExitCode, seconds = s.Seconds } : null,
        };
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        Directory.CreateDirectory(folder!);
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"report written to {path}");
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
