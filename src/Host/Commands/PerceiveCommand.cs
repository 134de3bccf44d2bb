using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge perceive</c>: runs the robot's perception (its model card, tracker and pose solver)
/// on a real camera, video file or stream, printing what it sees once a second and figures at the end.
/// </summary>
public static class PerceiveCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot folder (robots/<name>) or its robot.json", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var source = new Option<string?>("--source") { Description = "frame source overriding camera.source: v4l2:/dev/video0[?fourcc=MJPG], file:clip.mkv[?pace=fast&loop=true], rtsp://host/path" };
        var card = new Option<string?>("--card") { Description = "model card overriding model.card (the .onnx sits beside it)" };
        var frames = new Option<long>("--frames") { Description = "stop after this many frames (0: until the source ends or Ctrl-C)", DefaultValueFactory = _ => 0 };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var command = new Command("perceive", "Run perception on a real camera, video file or stream (no actuators)") { robot, source, card, frames, report };
        command.SetAction(parse => Execute(parse.GetValue(robot)!, parse.GetValue(source), parse.GetValue(card), parse.GetValue(frames), parse.GetValue(report)));
        return command;
    }

    private static int Execute(string robotPath, string? source, string? card, long frames, string? reportPath)
    {
        Preflight.PreflightChecks.CheckReportPath(reportPath);
        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        using var runner = new CameraPerceptionRunner(config, loggers, source, card);
        Console.WriteLine($"source: {runner.Source}");
        using var stop = new StopSignals(Console.Error);
        CameraPerceptionSummary summary = runner.Run(frames, stop.Token, Console.WriteLine);
        Console.WriteLine($"{summary.Frames} frames at {summary.FramesPerSecond:F1} fps ({summary.Decoder} decoder on {summary.Provider}); " +
                          $"capture -> pose p50 {summary.CaptureToPoseP50Ms:F2} ms, p99 {summary.CaptureToPoseP99Ms:F2} ms; " +
                          $"{summary.MeanDetections:F2} targets/frame; {summary.PosesSolved} poses solved; {summary.TrackIdChanges} identity changes");
        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }
}
