using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Server;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge run</c>: runs a real robot's closed loop in real time — frames from
/// <c>camera.source</c>, actuators on the robot's <c>buses</c>, the same perception, planner,
/// control, safety, telemetry and report as <c>robotedge sim</c>. Ctrl+C (or SIGTERM) makes a controlled stop:
/// the safety layer brings the joints to a hold (torque stays on), then the buses close.
/// Uses no simulator type.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot folder (robots/<name>) or its robot.json; its camera.source and buses must be real devices", Required = true };
        var frames = new Option<int>("--frames") { Description = "stop after this many camera frames (default: until Ctrl+C or the end of a video file)" };
        var report = new Option<string?>("--report") { Description = "write the run's figures as JSON to this file" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress line" };
        var console = new Option<string?>("--console")
        {
            Description = $"serve the operator console at this address, default {SimCommand.DefaultConsoleUrl}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var operators = new Option<string?>("--operators") { Description = "operator file for the console: {\"operators\": [{\"name\": ..., \"tokenSha256\": ...}]} (default: one operator 'operator' with a fresh token, printed)" };
        var edge = new Option<string?>("--edge") { Description = "offload perception to this site edge server (http://host:port), falling back on board" };
        var token = new Option<string?>("--robot-token") { Description = "this robot's token on the edge server (see robotedge edge)" };
        var command = new Command("run", "Run a real robot: camera from camera.source, actuators on its buses, in real time until Ctrl+C")
        {
            robot, frames, report, quiet, console, operators, edge, token,
        };
        command.SetAction(parse =>
        {
            int frameLimit = parse.GetResult(frames) is { Implicit: false } ? parse.GetValue(frames) : int.MaxValue;
            string? consoleUrl = parse.GetResult(console) is null ? null : parse.GetValue(console) ?? SimCommand.DefaultConsoleUrl;
            return Execute(parse.GetValue(robot)!, frameLimit, parse.GetValue(report), parse.GetValue(quiet), consoleUrl, parse.GetValue(operators),
                EdgeJoin.Options(parse.GetValue(edge), parse.GetValue(token)));
        });
        return command;
    }

    /// <summary>Opens the robot, runs it until Ctrl+C, <paramref name="frames"/> frames or the end of its video, and prints the summary; returns the exit code.</summary>
    public static int Execute(string robotPath, int frames, string? reportPath, bool quiet, string? consoleUrl = null, string? operatorsPath = null,
        EdgeClientOptions? edge = null)
    {
        if (frames <= 0)
        {
            Console.Error.WriteLine("--frames must be positive");
            return 2;
        }

        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        RealRobotRig rig;
        try
        {
            rig = RealRobotRig.Build(config, loggers, edge);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            Console.Error.WriteLine($"robotedge: {e.Message}");
            return 1;
        }

        using (rig)
        {
            Console.WriteLine($"robot {config.Name}: camera {rig.RunSubject}; Ctrl+C stops the robot (controlled stop, joints held)");
            EdgeJoin.WaitAndSay(rig);
            ConsoleAttachment? attached = consoleUrl is null
                ? null
                : ConsoleAttachment.StartAsync(rig, ConsoleOperators.Load(operatorsPath), new ConsoleOptions { Url = consoleUrl }, loggers).GetAwaiter().GetResult();
            using var cancel = new CancellationTokenSource();
            // Ctrl+C, and SIGTERM from a service manager, end the run with a controlled stop instead of killing the process.
            Action<PosixSignalContext> onSignal = context =>
            {
                context.Cancel = true;
                cancel.Cancel();
            };
            using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
            using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
            RunReport report;
            try
            {
                if (attached is not null)
                {
                    Console.WriteLine($"operator console: {attached.Server.Address}");
                }

                ProgressLine? progress = quiet || frames == int.MaxValue ? null : new ProgressLine(frames);
                report = Run(rig, frames, progress, attached is null ? null : attached.Observe, cancel.Token);
            }
            finally
            {
                attached?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            SummaryPrinter.Print(report, Console.Out);
            Console.WriteLine(report.EndedHolding == true ? "  stopped           controlled stop, joints held" : "  stopped           WARNING: the joints did not reach a hold");
            EdgeJoin.PrintCounters(rig, Console.Out);
            if (reportPath is not null)
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(reportPath));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                File.WriteAllText(reportPath, report.ToJson());
                Console.WriteLine($"report written to {reportPath}");
            }
        }

        return 0;
    }

    /// <summary>
    /// Runs a real robot's rig in real time until <paramref name="frames"/> frames, the end of its
    /// video, or <paramref name="cancel"/>, then brings the joints to a hold; returns its report.
    /// Keypoint and tracking errors stay empty: a real camera has no ground truth.
    /// </summary>
    /// <param name="rig">The rig.</param>
    /// <param name="frames">Most frames to run.</param>
    /// <param name="progress">Progress line, or null.</param>
    /// <param name="observe">Called with the run's statistics before it starts (the console and tests hook their observers there).</param>
    /// <param name="cancel">Ends the run with a controlled stop (Ctrl+C).</param>
    public static RunReport Run(RealRobotRig rig, int frames, ProgressLine? progress, Action<RunStatistics>? observe = null, CancellationToken cancel = default)
    {
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, rig.Config.Deadline, truth: null,
            rig.Perception.MinConfidence, Math.Min(frames, SimCommand.MaxStatisticsFrames)) { Health = rig.Health };
        observe?.Invoke(statistics);
        rig.WarmUp();
        Action<long, RunStatistics>? onProgress = progress is null ? null : progress.Update;
        RunOutcome outcome = RealtimeRunner.Run(rig, statistics, frames, onProgress, cancel);
        progress?.Finish();
        return RunReport.From(rig, outcome, realTime: true);
    }
}
