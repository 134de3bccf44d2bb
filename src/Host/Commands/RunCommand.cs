using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Hosting;
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
/// control, safety, telemetry and report as <c>robotedge sim</c>, in the service host (under systemd:
/// <c>READY=1</c> once the loop runs, the watchdog fed from the loop's health). Ctrl+C or SIGTERM
/// makes a controlled stop: the safety layer brings the joints to a hold (torque stays on), then the
/// buses close. Uses no simulator type.
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

    /// <summary>
    /// Runs the robot as a hosted service (<see cref="RobotService"/>, with the systemd watchdog
    /// feeder) until Ctrl+C, SIGTERM, <paramref name="frames"/> frames or the end of its video, and
    /// prints the summary; returns the exit code (<see cref="ExitCodes"/>: 1 a robot thread failed,
    /// 2 bad configuration, 3 a busy port or a missing, busy or not permitted device — found before
    /// anything was energised and reported in one line).
    /// </summary>
    public static int Execute(string robotPath, int frames, string? reportPath, bool quiet, string? consoleUrl = null, string? operatorsPath = null,
        EdgeClientOptions? edge = null)
    {
        if (frames <= 0)
        {
            throw new ArgumentException($"--frames must be positive (got {frames})");
        }

        var options = new RobotRunOptions
        {
            RobotPath = robotPath,
            Frames = frames,
            ReportPath = reportPath,
            Quiet = quiet,
            ConsoleUrl = consoleUrl,
            OperatorsPath = operatorsPath,
            Edge = edge,
        };
        using IHost host = ServiceHost.Build(services =>
        {
            services.AddSingleton(options);
            services.AddSingleton<RobotService>();
            services.AddHostedService(sp => sp.GetRequiredService<RobotService>());
            services.AddHostedService(sp => new SystemdWatchdog(() => sp.GetRequiredService<RobotService>().Heartbeat,
                sp.GetRequiredService<ILogger<SystemdWatchdog>>(), sp.GetService<ISystemdNotifier>()));
        });
        // Host.Run disposes the host's services when it returns: take the service (and its exit code) first.
        RobotService service = host.Services.GetRequiredService<RobotService>();
        try
        {
            host.Run();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("robotedge: stopped before the robot was running (controlled stop, buses closed)");
            return ExitCodes.Ok;
        }
        catch (Exception e)
        {
            return CommandErrors.Report(e, Console.Error);
        }

        return service.ExitCode;
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
    /// <param name="cancel">Ends the run with a controlled stop (Ctrl+C, SIGTERM).</param>
    public static RunReport Run(RealRobotRig rig, int frames, ProgressLine? progress, Action<RunStatistics>? observe = null, CancellationToken cancel = default)
    {
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, rig.Config.Deadline, truth: null,
            rig.Perception.MinConfidence, Math.Min(frames, SimCommand.MaxStatisticsFrames), rig.Actuators.WireTimelines) { Health = rig.Health };
        observe?.Invoke(statistics);
        rig.WarmUp();
        Action<long, RunStatistics>? onProgress = progress is null ? null : progress.Update;
        RunOutcome outcome = RealtimeRunner.Run(rig, statistics, frames, onProgress, cancel);
        progress?.Finish();
        return RunReport.From(rig, outcome, realTime: true);
    }
}
