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
        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        if (reportPath is not null)
        {
            CheckWritable(reportPath);
        }

        using var runner = new CameraPerceptionRunner(config, loggers, source, card);
        Console.WriteLine($"source: {runner.Source}");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        // SIGTERM (systemd, docker stop, kill) ends the run the same way: figures printed, report written.
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });

        CameraPerceptionSummary summary = runner.Run(frames, cancel.Token, Console.WriteLine);
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

    /// <summary>
    /// Finds out before the camera opens whether the report can be written where asked (an existing
    /// folder, not a folder itself, writable), rather than after the whole run.
    /// </summary>
    /// <exception cref="ArgumentException">It cannot, with the reason.</exception>
    private static void CheckWritable(string reportPath)
    {
        string full = Path.GetFullPath(reportPath);
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"--report {reportPath} is a directory: give a file name");
        }

        bool existed = File.Exists(full);
        try
        {
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--report {reportPath} cannot be written: {e.Message}");
        }
    }
}
