using System.CommandLine;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Preflight;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary><c>robotedge sim</c>: runs a robot's closed loop against the simulator.</summary>
public static class SimCommand
{
    /// <summary>Default robot folder, relative to the working directory.</summary>
    public const string DefaultRobot = "robots/pan_tilt";

    /// <summary>Default address of the operator console: loopback only.</summary>
    public const string DefaultConsoleUrl = "http://127.0.0.1:8080";

    /// <summary>Most frames whose figures a run keeps for its distributions (the newest win): bounds memory on endless console runs.</summary>
    public const int MaxStatisticsFrames = 100_000;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot folder (robots/<name>) or its robot.json", DefaultValueFactory = _ => DefaultRobot };
        var frames = new Option<int>("--frames") { Description = "number of camera frames to run", DefaultValueFactory = _ => 1000 };
        var realtime = new Option<bool>("--realtime") { Description = "run in real time on the monotonic clock (default: deterministic lockstep, as fast as possible)" };
        var report = new Option<string?>("--report") { Description = "write the run's figures as JSON to this file" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress line" };
        var bus = new Option<string?>("--bus") { Description = "override the robot's bus with one simulated bus for every joint: sim (in memory), sim-dynamixel or sim-feetech (virtual servo chain on a pseudo-terminal), sim-slcan (virtual MIT motors behind SLCAN on a pseudo-terminal)" };
        var console = new Option<string?>("--console")
        {
            Description = $"serve the operator console (implies --realtime; runs until Ctrl+C unless --frames is given) at this address, default {DefaultConsoleUrl}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var operators = new Option<string?>("--operators") { Description = "operator file for the console: {\"operators\": [{\"name\": ..., \"tokenSha256\": ...}]} (default: one operator 'operator' with a fresh token, printed)" };
        var edge = new Option<string?>("--edge") { Description = "offload perception to this site edge server (http://host:port), falling back on board" };
        var token = new Option<string?>("--robot-token") { Description = "this robot's token on the edge server (see robotedge edge)" };
        var command = new Command("sim", "Run the robot's sense-compute-act loop against the simulator") { robot, frames, realtime, report, quiet, bus, console, operators, edge, token };
        command.SetAction(parse =>
        {
            if (parse.GetResult(console) is not null)
            {
                int consoleFrames = parse.GetResult(frames) is { Implicit: false } ? parse.GetValue(frames) : int.MaxValue;
                return ConsoleRun.Execute(parse.GetValue(robot)!, consoleFrames, parse.GetValue(console) ?? DefaultConsoleUrl,
                    parse.GetValue(operators), parse.GetValue(report), parse.GetValue(bus));
            }

            return Execute(parse.GetValue(robot)!, parse.GetValue(frames), parse.GetValue(realtime), parse.GetValue(report), parse.GetValue(quiet), parse.GetValue(bus),
                EdgeJoin.Options(parse.GetValue(edge), parse.GetValue(token)));
        });
        return command;
    }

    /// <summary>
    /// Runs the simulation until its frames are done or SIGINT/SIGTERM, prints the summary and writes
    /// the report; returns the exit code (<see cref="ExitCodes"/>). The report path is checked before
    /// the rig is built; a robot thread's fault ends the run with a controlled stop and exit code 1.
    /// </summary>
    public static int Execute(string robotPath, int frames, bool realTime, string? reportPath, bool quiet, string? busOverride = null,
        Perception.Offload.EdgeClientOptions? edge = null)
    {
        if (frames <= 0)
        {
            throw new ArgumentException($"--frames must be positive (got {frames})");
        }

        PreflightChecks.CheckReportPath(reportPath);
        // Listening from the start: a signal while the rig is built makes a run of no frames, still summarised.
        using var stop = new StopSignals(Console.Error);
        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        if (busOverride is not null)
        {
            config.Bus = busOverride;
            config.Buses = [];
        }

        using SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime, loggers, edge);
        EdgeJoin.WaitAndSay(rig);
        RunReport report = Run(rig, frames, realTime, quiet ? null : new ProgressLine(frames), cancel: stop.Token);
        return RunConclusion.Conclude(rig, report, reportPath, stop.Token.IsCancellationRequested, Console.Out, Console.Error);
    }

    /// <summary>Runs a built rig for <paramref name="frames"/> frames and returns its report.</summary>
    /// <param name="rig">The rig.</param>
    /// <param name="frames">Frames to run.</param>
    /// <param name="realTime">Real time (three threads) or lockstep.</param>
    /// <param name="progress">Progress line, or null.</param>
    /// <param name="injectedDelayMs">Extra perception time (fault injection).</param>
    /// <param name="observe">Called with the run's statistics before it starts (the console hooks its charts there).</param>
    /// <param name="cancel">Ends the run early with a controlled stop (SIGINT, SIGTERM).</param>
    public static RunReport Run(SimulatedRobotRig rig, int frames, bool realTime, ProgressLine? progress, double injectedDelayMs = 0,
        Action<RunStatistics>? observe = null, CancellationToken cancel = default)
    {
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, rig.Config.Deadline, new SimulatedFrameTruth(rig.CameraSource.GroundTruth),
            rig.Perception.MinConfidence, Math.Min(frames, MaxStatisticsFrames), rig.Actuators.WireTimelines) { Health = rig.Health };
        observe?.Invoke(statistics);
        rig.WarmUp();
        rig.Compute.InjectedDelayMs = injectedDelayMs;
        Action<long, RunStatistics>? onProgress = progress is null ? null : progress.Update;
        RunOutcome outcome = realTime
            ? RealtimeRunner.Run(rig, statistics, frames, onProgress, cancel)
            : LockstepRunner.Run(rig, statistics, frames, onProgress, cancel);
        progress?.Finish();
        return RunReport.From(rig, outcome, realTime);
    }
}
