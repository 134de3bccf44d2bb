using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Benchmarks;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.RobotModel.Config;
using RobotEdge.Vision.Capture;
using RobotEdge.Vision.Images;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bench pose</c>: per model (the person detector, the lite, full and heavy landmark
/// models of the robot's BlazePose cards) and per intra-op thread count, the median and 99th
/// percentile inference time and the managed bytes allocated per run; then the whole pipeline per
/// frame on real footage, in tracking and in detection mode. On the CPU and, where a CUDA device is
/// present, on the CUDA provider (otherwise one row per model says why not). Prints figures; asserts nothing.
/// </summary>
public static class PoseBenchCommand
{
    /// <summary>The robot whose cards are benchmarked by default.</summary>
    public const string DefaultRobot = "robots/person_follower";

    /// <summary>Debian opencv-doc's pedestrian footage (768×576, 795 frames).</summary>
    public const string DefaultVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    /// <summary>
    /// The cards benchmarked, by the card name's suffix (blazepose_lite.card.json …): the three landmark
    /// models, and lite with tiled detection (which finds vtest.avi's small pedestrians).
    /// </summary>
    public static readonly string[] Variants = ["lite", "full", "heavy", "lite_tiled"];

    /// <summary>Builds <c>bench pose</c>.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot whose model cards give the models (its card and the blazepose_{lite,full,heavy} cards beside it)", DefaultValueFactory = _ => DefaultRobot };
        var models = new Option<string[]>("--model") { Description = "name=file.onnx to time instead of the robot's models (repeatable; no pipeline rows)" };
        var runs = new Option<int>("--runs") { Description = "timed runs per model row", DefaultValueFactory = _ => 200 };
        var warmUp = new Option<int>("--warm-up") { Description = "untimed runs (frames) before each row", DefaultValueFactory = _ => 10 };
        var threads = new Option<int[]>("--threads") { Description = "intra-op thread counts (repeatable)", DefaultValueFactory = _ => [1, 2] };
        var providers = new Option<string[]>("--providers") { Description = "providers to time (repeatable): cpu, cuda", DefaultValueFactory = _ => ["cpu", "cuda"] };
        var video = new Option<string>("--video") { Description = "footage for the pipeline rows: a video, or a still image (.jpg, .png) repeated", DefaultValueFactory = _ => DefaultVideo };
        var frames = new Option<int>("--frames") { Description = "timed frames per pipeline row (0: no pipeline rows)", DefaultValueFactory = _ => 100 };
        var maxPeople = new Option<int?>("--max-people") { Description = "people the pipeline follows at once (default: the card's blazePose.maxPeople)" };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var command = new Command("pose", "Benchmark the pose models' inference and the BlazePose pipeline per provider and thread count")
        {
            robot, models, runs, warmUp, threads, providers, video, frames, maxPeople, report,
        };
        command.SetAction(parse => Run(new Settings(parse.GetValue(robot)!, parse.GetValue(models) ?? [], parse.GetValue(runs), parse.GetValue(warmUp),
            parse.GetValue(threads) ?? [1, 2], parse.GetValue(providers) ?? ["cpu"], parse.GetValue(video)!, parse.GetValue(frames),
            parse.GetValue(maxPeople), parse.GetValue(report))));
        return command;
    }

    private sealed record Settings(string Robot, string[] Models, int Runs, int WarmUp, int[] Threads, string[] Providers, string Video, int Frames,
        int? MaxPeople, string? Report);

    private static int Run(Settings s)
    {
        if (s.Runs <= 0 || s.WarmUp < 0 || s.Frames < 0)
        {
            throw new ArgumentException($"--runs must be positive, --warm-up and --frames not negative (got {s.Runs}, {s.WarmUp}, {s.Frames})");
        }

        if (s.Threads.Length == 0 || s.Threads.Any(t => t < 1 || t > 64))
        {
            throw new ArgumentException($"--threads must each be 1..64 (got {string.Join(", ", s.Threads)})");
        }

        if (s.MaxPeople is < 1 or > BlazePoseSpec.MaxPeopleLimit)
        {
            throw new ArgumentException($"--max-people must be 1..{BlazePoseSpec.MaxPeopleLimit} (got {s.MaxPeople})");
        }

        Preflight.PreflightChecks.CheckReportPath(s.Report);
        ExecutionProvider[] providers = PerceptionFactory.ParseProviders(s.Providers);
        using ILoggerFactory loggers = Logging.CreateFactory(LogLevel.Warning);
        ILogger logger = loggers.CreateLogger("RobotEdge.Bench");
        IReadOnlyList<(string Name, string Path)> models;
        IReadOnlyList<ModelCard> cards = [];
        if (s.Models.Length > 0)
        {
            models = ParseModels(s.Models);
        }
        else
        {
            (models, cards) = RobotModels(s.Robot, logger);
        }

        var rows = new List<PoseBenchRow>();
        var unavailable = new Dictionary<ExecutionProvider, string>();
        Console.WriteLine($"[1/2] inference per run: {s.Runs} runs after {s.WarmUp} warm-up runs, bound buffers (as the loop runs them), seeded random input; " +
                          $"{Environment.ProcessorCount} CPUs");
        Console.WriteLine(Header);
        foreach ((string name, string path) in models)
        {
            EachConfiguration(providers, s.Threads, rows, unavailable, name, (provider, t) => PoseBenchmark.TimeModel(name, path, provider, t, s.Runs, s.WarmUp));
        }

        if (cards.Count > 0 && s.Frames > 0)
        {
            Console.WriteLine($"[2/2] whole pipeline per frame on {s.Video}: {s.Frames} consecutive frames after {s.WarmUp} warm-up frames; " +
                              "tracking = the detector only when someone is lost (or every detectionIntervalFrames), detection = the detector on every frame");
            List<Frame> footage = PoseBenchmark.LoadFrames(s.Video, s.Frames + s.WarmUp);
            Console.WriteLine(Header);
            foreach (ModelCard card in cards)
            {
                if (s.MaxPeople is int most)
                {
                    card.BlazePose!.MaxPeople = most;
                }

                foreach (bool detection in new[] { false, true })
                {
                    string subject = $"pipeline {card.Name}, {(detection ? "detection" : "tracking")}";
                    EachConfiguration(providers, s.Threads, rows, unavailable, subject,
                        (provider, t) => PoseBenchmark.TimePipeline(subject, card, provider, t, detection, footage, s.WarmUp));
                }
            }
        }

        if (s.Report is not null)
        {
            File.WriteAllText(s.Report, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {s.Report}");
        }

        return 0;
    }

    private static string Header => $"{"subject",-40} {"provider",-8} {"threads",7} {"median ms",9} {"p99 ms",9} {"B/run",7}";

    /// <summary>
    /// One row per provider and thread count. A provider that does not open here gets one row saying
    /// why (ONNX Runtime's reason), and is not tried again for later models: each try reloads its
    /// libraries and prints ONNX Runtime's own error.
    /// </summary>
    private static void EachConfiguration(ExecutionProvider[] providers, int[] threads, List<PoseBenchRow> rows,
        Dictionary<ExecutionProvider, string> unavailable, string subject, Func<ExecutionProvider, int, PoseBenchRow> measure)
    {
        foreach (ExecutionProvider provider in providers)
        {
            if (unavailable.TryGetValue(provider, out string? why))
            {
                var skipped = new PoseBenchRow(subject, provider.ToString().ToLowerInvariant(), threads[0], 0, 0, 0, 0, why);
                rows.Add(skipped);
                Console.WriteLine(Format(skipped));
                continue;
            }

            foreach (int t in threads)
            {
                PoseBenchRow row = measure(provider, t);
                rows.Add(row);
                Console.WriteLine(Format(row));
                if (row.Runs == 0)
                {
                    unavailable[provider] = row.Note!;
                    break;
                }
            }
        }
    }

    /// <summary>One printed row.</summary>
    public static string Format(PoseBenchRow row) => row.Runs == 0
        ? $"{row.Subject,-40} {row.Provider,-8} {row.Threads,7} {"-",9} {"-",9} {"-",7}  {row.Note}"
        : $"{row.Subject,-40} {row.Provider,-8} {row.Threads,7} {row.MedianMs,9:F2} {row.P99Ms,9:F2} {row.BytesPerRun,7:F0}{(row.Note is null ? "" : "  " + row.Note)}";

    /// <summary>Parses <c>name=file.onnx</c> arguments.</summary>
    /// <exception cref="ArgumentException">An argument without a name or a file.</exception>
    public static IReadOnlyList<(string Name, string Path)> ParseModels(string[] args)
    {
        var models = new List<(string, string)>();
        foreach (string arg in args)
        {
            int eq = arg.IndexOf('=');
            if (eq <= 0 || eq == arg.Length - 1)
            {
                throw new ArgumentException($"--model '{arg}' is not name=file.onnx");
            }

            models.Add((arg[..eq], arg[(eq + 1)..]));
        }

        return models;
    }

    /// <summary>
    /// The models of the robot: with a blazepose card, the detector and each landmark model (once)
    /// of the <see cref="Variants"/> cards beside it (converted from their TFLite originals first where
    /// needed), and those cards for the pipeline rows; otherwise its one model.
    /// </summary>
    private static (IReadOnlyList<(string Name, string Path)> Models, IReadOnlyList<ModelCard> Cards) RobotModels(string robotPath, ILogger logger)
    {
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        ModelCard card = PerceptionFactory.LoadCard(config, logger);
        if (card.BlazePose is null)
        {
            return ([(card.Name, card.ModelPath)], []);
        }

        string folder = Path.GetDirectoryName(card.SourcePath)!;
        var cards = new List<ModelCard>();
        foreach (string variant in Variants)
        {
            string path = Path.Combine(folder, $"blazepose_{variant}.card.json");
            if (File.Exists(path))
            {
                ModelCard variantCard = ModelCard.Load(path);
                BlazePoseModels.EnsureConverted(variantCard, logger);
                cards.Add(variantCard);
            }
        }

        if (cards.Count == 0)
        {
            BlazePoseModels.EnsureConverted(card, logger);
            cards.Add(card);
        }

        var models = new List<(string Name, string Path)> { ("detector", cards[0].DetectorPath!) };
        foreach (ModelCard c in cards)
        {
            if (!models.Any(m => m.Path == c.ModelPath))
            {
                models.Add((Path.GetFileNameWithoutExtension(c.ModelPath), c.ModelPath));
            }
        }

        return (models, cards);
    }
}
