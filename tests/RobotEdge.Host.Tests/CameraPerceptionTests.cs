using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Capture;
using RobotEdge.Vision.Drawing;
using RobotEdge.Vision.Images;

namespace RobotEdge.Host.Tests;

/// <summary><c>robotedge perceive</c>'s runner on a video file the test renders, against the truth it rendered.</summary>
public sealed class CameraPerceptionTests : IDisposable
{
    private const int Frames = 45;

    /// <summary>A still target 1.6 m ahead, a little left and up, seen by a camera looking along +X.</summary>
    private static readonly Vec3d Centre = new(1.6, 0.12, 0.08);

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-host-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Renders the clip at the default robot's camera (640×480) and returns the truth of its frame 0.</summary>
    private FrameGroundTruth RenderClip(RobotConfig config)
    {
        var camera = PinholeCamera.FromConfig(config.Camera);
        var target = new MarkerTarget(new TargetDefinition
        {
            MarkerSpacingM = config.Target.MarkerSpacingM,
            MarkerRadiusM = 0.02,
            Loop = false,
            Waypoints = [new WaypointDefinition { TimeS = 0, Position = [Centre.X, Centre.Y, Centre.Z] }],
        });
        var cameraPose = new Transform3d(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero);
        var renderer = new SceneRenderer(camera);
        var pixels = new byte[camera.Width * camera.Height * 3];
        var first = default(FrameGroundTruth);
        using var writer = new VideoFileWriter(Clip, "FFV1", 30, camera.Width, camera.Height);
        for (int i = 0; i < Frames; i++)
        {
            var truth = default(FrameGroundTruth);
            renderer.Render(cameraPose, target, i / 30.0, pixels, ref truth);
            writer.Write(pixels, camera.Width * 3);
            if (i == 0)
            {
                first = truth;
            }
        }

        return first;
    }

    private string Clip => Path.Combine(_folder, "clip.mkv");

    private RobotConfig Config()
    {
        RobotConfig config = TestRigs.DefaultConfig();
        config.Tracking.Enabled = true;
        config.Tracking.SolvePose = true;
        config.Model.Card = Path.Combine(_folder, "models", "marker_pose.card.json");
        return config;
    }

    /// <summary>
    /// Scale 1: the clip has the configured size. Scale 2: robot.json says 320×240 with halved intrinsics
    /// while the clip is 640×480; the runner scales the intrinsics to the clip, so the solved pose is the
    /// same true one (wrong intrinsics would put it at twice the range).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AVideoFileThroughTheRobotsPerceptionGivesTheTruePoseUnderOneIdentity(int configDownscale)
    {
        RobotConfig config = Config();
        RenderClip(config);
        CameraConfig c = config.Camera;
        (c.Width, c.Height, c.Fx, c.Fy) = (c.Width / configDownscale, c.Height / configDownscale, c.Fx / configDownscale, c.Fy / configDownscale);
        (c.Cx, c.Cy) = ((c.Cx + 0.5) / configDownscale - 0.5, (c.Cy + 0.5) / configDownscale - 0.5);

        using var runner = new CameraPerceptionRunner(config, NullLoggerFactory.Instance, $"file:{Clip}?pace=fast");
        CameraPerceptionSummary summary = runner.Run(0, CancellationToken.None);

        Assert.Equal(configDownscale != 1, runner.CameraRescale is not null);
        Assert.Equal(Frames, summary.Frames);
        Assert.Equal(Frames, summary.PosesSolved);
        Assert.Equal(0, summary.TrackIdChanges);
        Assert.Equal(1.0, summary.MeanPeople);
        Assert.Equal(1, summary.MaxPeople);
        Assert.Equal(new long[] { 0, Frames }, summary.FramesByPeopleCount);
        Assert.True(summary.PerceptionP50Ms > 0 && summary.PerceptionP99Ms >= summary.PerceptionP50Ms);
        // Optical frame: x = −Y, y = −Z, z = X of the base frame; within 20 mm of the truth.
        Assert.Equal(-Centre.Y, summary.MeanTargetPositionM[0], 0.02);
        Assert.Equal(-Centre.Z, summary.MeanTargetPositionM[1], 0.02);
        Assert.Equal(Centre.X, summary.MeanTargetPositionM[2], 0.02);
    }

    [Fact]
    public void EveryFrameIsPrintedAndDrawnIntoTheAnnotatedVideoWhereTheMarkersAre()
    {
        RobotConfig config = Config();
        FrameGroundTruth truth = RenderClip(config);
        string video = Path.Combine(_folder, "annotated.mkv"), still = Path.Combine(_folder, "frame.png");
        var lines = new List<string>();
        using var runner = new CameraPerceptionRunner(config, NullLoggerFactory.Instance, $"file:{Clip}?pace=fast");
        var printer = new PerceptionPrinter(lines.Add, PerceptionPrintLevel.Landmarks, runner.Card.Keypoints, runner.MinConfidence);
        CameraPerceptionSummary summary;
        long written;
        using (var recorder = new AnnotatedVideoRecorder(video, still, 0, runner.Width, runner.Height, runner.Fps, runner.Card.Skeleton, runner.MinConfidence))
        {
            summary = runner.Run(0, CancellationToken.None, observers: [printer, recorder]);
            recorder.Finish();
            written = recorder.FramesWritten;
            Assert.Equal(0, recorder.SnapshotFrameIndex);
        }

        Assert.Equal(Frames, summary.Frames);
        // Per frame: the frame line (one person, the followed one starred, 4 of 4 markers) and the person's landmark line.
        Assert.Equal(2 * Frames, lines.Count);
        for (int i = 0; i < Frames; i++)
        {
            Assert.StartsWith($"frame {i}  1 person  ", lines[2 * i]);
            Assert.Contains("  *#1 box ", lines[2 * i]);
            Assert.Contains(" 4/4", lines[2 * i]);
            Assert.StartsWith("  #1 px: ", lines[2 * i + 1]);
            Assert.Equal(4, lines[2 * i + 1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length);
        }

        Assert.Equal(Frames, written);
        using (var annotated = OpenCvFrameSource.OpenFile(video, ReplayPacing.AsFastAsPossible))
        {
            Assert.Equal(Frames, annotated.FrameCount);
        }

        // Lossless stills of frame 0: each marker's true projection is covered by its keypoint's dot in track 1's colour.
        BgrImage frame0 = BgrImage.Read(still);
        Assert.Equal((runner.Width, runner.Height), (frame0.Width, frame0.Height));
        var colour = PoseOverlayPainter.ColourOf(1);
        for (int k = 0; k < 4; k++)
        {
            int x = (int)Math.Round(truth.Markers[k].U), y = (int)Math.Round(truth.Markers[k].V);
            int at = (y * frame0.Width + x) * 3;
            Assert.Equal(colour, (frame0.Pixels[at], frame0.Pixels[at + 1], frame0.Pixels[at + 2]));
        }
    }

    [Fact]
    public void IntrinsicsScaleWithTheFrameAndAnotherAspectRatioIsRefused()
    {
        var camera = new CameraConfig { Width = 640, Height = 480, Fx = 500, Fy = 510, Cx = 319.5, Cy = 239.5, Distortion = [0.1, -0.2, 0, 0, 0.05] };
        string line = CameraRescaling.ScaleTo(camera, 768, 576, "vtest.avi");
        Assert.Equal((768, 576), (camera.Width, camera.Height));
        Assert.Equal(600, camera.Fx, 1e-9);
        Assert.Equal(612, camera.Fy, 1e-9);
        Assert.Equal(383.5, camera.Cx, 1e-9); // the centre of a 768-pixel row, as 319.5 was of 640
        Assert.Equal(287.5, camera.Cy, 1e-9);
        Assert.Equal([0.1, -0.2, 0, 0, 0.05], camera.Distortion);
        Assert.Contains("768x576", line);

        var wide = new CameraConfig { Width = 640, Height = 480 };
        var e = Assert.Throws<InvalidDataException>(() => CameraRescaling.ScaleTo(wide, 1280, 720, "clip.mp4"));
        Assert.Contains("aspect ratio", e.Message);
        Assert.Equal(640, wide.Width);
    }

    [Fact]
    public void TheSimulatorIsNotACameraSourceForPerceive()
    {
        var e = Assert.Throws<ArgumentException>(() => new CameraPerceptionRunner(TestRigs.DefaultConfig(), NullLoggerFactory.Instance));
        Assert.Contains("robotedge sim", e.Message);
    }
}
