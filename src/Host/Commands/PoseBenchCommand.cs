using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Benchmarks;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bench pose</c>: per model and per intra-op thread count, the median and 99th
/// percentile inference time and the managed bytes allocated per run, on the CPU and, where a CUDA
/// device is present, on the CUDA provider (a row saying why not otherwise). Prints figures; asserts nothing.
/// </summary>
public static class PoseBenchCommand
{
    /// <summary>Builds <c>bench pose</c>.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot whose model card gives the models", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var models = new Option<string[]>("--model") { Description = "name=file.onnx to time instead of the robot's models (repeatable)", AllowMultipleArgumentsPerToken = false };
        var runs = new Option<int>("--runs") { Description = "timed runs per row", DefaultValueFactory = _ => 200 };
        var warmUp = new Option<int>("--warm-up") { Description = "untimed runs before each row", DefaultValueFactory = _ => 20 };
        var threads = new Option<int[]>("--threads") { Description = "intra-op thread counts (repeatable)", DefaultValueFactory = _ => [1, 2] };
        var providers = new Option<string[]>("--providers") { Description = "providers to time (repeatable): cpu, cuda", DefaultValueFactory = _ => ["cpu", "cuda"] };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var command = new Command("pose", "Benchmark the pose models' inference per provider and thread count") { robot, models, runs, warmUp, threads, providers, report };
        command.SetAction(parse => Run(parse.GetValue(robot)!, parse.GetValue(models) ?? [], parse.GetValue(runs), parse.GetValue(warmUp),
            parse.GetValue(threads) ?? [1, 2], parse.GetValue(providers) ?? ["cpu"], parse.GetValue(report)));
        return command;
    }

    private static int Run(string robotPath, string[] modelArgs, int runs, int warmUp, int[] threads, string[] providerNames, string? reportPath)
    {
        if (runs <= 0 || warmUp < 0)
        {
            throw new ArgumentException($"--runs must be positive and --warm-up not negative (got {runs}, {warmUp})");
        }

        if (threads.Length == 0 || threads.Any(t => t < 1 || t > Environment.ProcessorCount * 4))
        {
            throw new ArgumentException($"--threads must each be 1..{Environment.ProcessorCount * 4} (got {string.Join(", ", threads)})");
        }

        Preflight.PreflightChecks.CheckReportPath(reportPath);
        ExecutionProvider[] providers = PerceptionFactory.ParseProviders(providerNames);
        IReadOnlyList<(string Name, string Path)> models = modelArgs.Length > 0 ? ParseModels(modelArgs) : RobotModels(robotPath);
        Console.WriteLine($"inference per run, {runs} runs after {warmUp} warm-up runs, bound buffers (as the loop runs), seeded random input; {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"{"model",-28} {"provider",-8} {"threads",7} {"median ms",9} {"p99 ms",9} {"B/run",7}");
        var rows = new List<PoseBenchRow>();
        foreach ((string name, string path) in models)
        {
            foreach (ExecutionProvider provider in providers)
            {
                foreach (int t in threads)
                {
                    PoseBenchRow row = PoseBenchmark.TimeModel(name, path, provider, t, runs, warmUp);
                    rows.Add(row);
                    Console.WriteLine(Format(row));
                    if (row.Note is not null && row.Runs == 0)
                    {
                        break; // The provider is missing: one row says so, not one per thread count.
                    }
                }
            }
        }

        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }

    /// <summary>One printed row.</summary>
    public static string Format(PoseBenchRow row) => row.Runs == 0
        ? $"{row.Subject,-28} {row.Provider,-8} {row.Threads,7} {"-",9} {"-",9} {"-",7}  {row.Note}"
        : $"{row.Subject,-28} {row.Provider,-8} {row.Threads,7} {row.MedianMs,9:F2} {row.P99Ms,9:F2} {row.BytesPerRun,7:F0}{(row.Note is null ? "" : "  " + row.Note)}";

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

    /// <summary>The models the robot's card runs.</summary>
    private static IReadOnlyList<(string Name, string Path)> RobotModels(string robotPath)
    {
        using ILoggerFactory loggers = Logging.CreateFactory(LogLevel.Warning);
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        ModelCard card = PerceptionFactory.LoadCard(config, loggers.CreateLogger("bench"));
        return [(card.Name, card.ModelPath)];
    }
}
