using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge perceive</c>: runs the robot's perception (its model card, tracker and pose solver)
/// on a real camera, video file or stream, printing the people and landmarks it finds per frame,
/// optionally writing an annotated video and a still of one annotated frame, and figures at the end.
/// </summary>
public static class PerceiveCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot folder (robots/<name>) or its robot.json", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var source = new Option<string?>("--camera", "--source")
        {
            Description = "frame source overriding camera.source: v4l2:/dev/video0[?fourcc=MJPG], file:clip.mkv[?pace=fast&loop=true], rtsp://host/path",
        };
        var card = new Option<string?>("--card") { Description = "model card overriding model.card (the .onnx sits beside it)" };
        var frames = new Option<long>("--frames") { Description = "stop after this many frames (0: until the source ends or Ctrl-C)", DefaultValueFactory = _ => 0 };
        var print = new Option<PerceptionPrintLevel>("--print")
        {
            Description = "frames: a line per frame with the people found; landmarks: and every landmark of each; seconds: a status line a second",
            DefaultValueFactory = _ => PerceptionPrintLevel.Frames,
        };
        var video = new Option<string?>("--video") { Description = "write the frames annotated (skeletons, boxes, track ids) to this video: .mp4 (MPEG-4), .avi (MJPG), .mkv (FFV1, lossless)" };
        var snapshot = new Option<string?>("--snapshot") { Description = "write one annotated frame to this image (.png, .jpg): the first with the most people, or --snapshot-frame" };
        var snapshotFrame = new Option<long>("--snapshot-frame") { Description = "the frame (0-based) for --snapshot", DefaultValueFactory = _ => -1 };
        var maxPeople = new Option<int?>("--max-people") { Description = "people a blazepose card follows at once (overrides blazePose.maxPeople)" };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var command = new Command("perceive", "Run perception on a real camera, video file or stream (no actuators)")
        {
            robot, source, card, maxPeople, frames, print, video, snapshot, snapshotFrame, report,
        };
        command.SetAction(parse => Execute(parse.GetValue(robot)!, parse.GetValue(source), parse.GetValue(card), parse.GetValue(maxPeople), parse.GetValue(frames), parse.GetValue(print),
            parse.GetValue(video), parse.GetValue(snapshot), parse.GetValue(snapshotFrame), parse.GetValue(report)));
        return command;
    }

    private static int Execute(string robotPath, string? source, string? card, int? maxPeople, long frames, PerceptionPrintLevel print, string? videoPath,
        string? snapshotPath, long snapshotFrame, string? reportPath)
    {
        if (frames < 0)
        {
            throw new ArgumentException($"--frames must be 0 (no limit) or positive (got {frames})");
        }

        Preflight.PreflightChecks.CheckReportPath(reportPath);
        if (videoPath is not null)
        {
            AnnotatedVideoRecorder.FourCcFor(videoPath);
            Preflight.PreflightChecks.CheckReportPath(videoPath, "--video");
        }

        Preflight.PreflightChecks.CheckReportPath(snapshotPath, "--snapshot");
        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        using var runner = new CameraPerceptionRunner(config, loggers, source, card, maxPeople);
        Console.WriteLine($"source: {runner.Source}, {runner.Width}x{runner.Height} at {runner.Fps:0.##} fps; model {runner.Card.Name} ({runner.Card.Output.Decoder})");
        if (runner.CameraRescale is not null)
        {
            Console.WriteLine(runner.CameraRescale);
        }

        var observers = new List<IPerceivedFrameObserver> { new PerceptionPrinter(Console.WriteLine, print, runner.Card.Keypoints, runner.MinConfidence) };
        using AnnotatedVideoRecorder? recorder = videoPath is null && snapshotPath is null
            ? null
            : new AnnotatedVideoRecorder(videoPath, snapshotPath, snapshotFrame, runner.Width, runner.Height, runner.Fps, runner.Card.Skeleton, runner.MinConfidence);
        if (recorder is not null)
        {
            observers.Add(recorder);
        }

        using var stop = new StopSignals(Console.Error);
        CameraPerceptionSummary summary = runner.Run(frames, stop.Token, print == PerceptionPrintLevel.Seconds ? Console.WriteLine : null, observers);
        recorder?.Finish();
        Console.WriteLine($"{summary.Frames} frames at {summary.FramesPerSecond:F1} fps ({summary.Decoder} decoder on {summary.Provider}); " +
                          $"perception per frame p50 {summary.PerceptionP50Ms:F2} ms, p99 {summary.PerceptionP99Ms:F2} ms; " +
                          $"capture -> pose p50 {summary.CaptureToPoseP50Ms:F2} ms, p99 {summary.CaptureToPoseP99Ms:F2} ms");
        Console.WriteLine($"people per frame: mean {summary.MeanPeople:F2}, max {summary.MaxPeople}; frames by people count [{string.Join(", ", summary.FramesByPeopleCount)}]; " +
                          $"{summary.PosesSolved} poses solved; {summary.TrackIdChanges} changes of the followed identity");
        if (videoPath is not null)
        {
            Console.WriteLine($"annotated video written to {videoPath} ({recorder!.FramesWritten} frames)");
        }

        if (snapshotPath is not null)
        {
            Console.WriteLine(recorder!.SnapshotFrameIndex >= 0
                ? $"snapshot of frame {recorder.SnapshotFrameIndex} written to {snapshotPath}"
                : $"no snapshot written: the run ended before frame {snapshotFrame}");
        }

        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }
}
