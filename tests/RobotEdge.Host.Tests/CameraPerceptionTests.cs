using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Capture;

namespace RobotEdge.Host.Tests;

/// <summary><c>robotedge perceive</c>'s runner on a video file the test renders, against the truth it rendered.</summary>
public class CameraPerceptionTests
{
    [Fact]
    public void AVideoFileThroughTheRobotsPerceptionGivesTheTruePoseUnderOneIdentity()
    {
        string folder = Directory.CreateTempSubdirectory("robotedge-host-tests-").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            RobotConfig config = TestRigs.DefaultConfig();
            var camera = PinholeCamera.FromConfig(config.Camera);
            // A still target 1.6 m ahead, a little left and up, seen by a camera looking along +X.
            var centre = new Vec3d(1.6, 0.12, 0.08);
            var target = new MarkerTarget(new TargetDefinition
            {
                MarkerSpacingM = config.Target.MarkerSpacingM,
                MarkerRadiusM = 0.02,
                Loop = false,
                Waypoints = [new WaypointDefinition { TimeS = 0, Position = [centre.X, centre.Y, centre.Z] }],
            });
            var cameraPose = new Transform3d(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero);
            var renderer = new SceneRenderer(camera);
            var pixels = new byte[camera.Width * camera.Height * 3];
            const int Frames = 45;
            using (var writer = new VideoFileWriter(Path.Combine(folder, "clip.mkv"), "FFV1", 30, camera.Width, camera.Height))
            {
                for (int i = 0; i < Frames; i++)
                {
                    var truth = default(FrameGroundTruth);
                    renderer.Render(cameraPose, target, i / 30.0, pixels, ref truth);
                    writer.Write(pixels, camera.Width * 3);
                }
            }

            config.Tracking.Enabled = true;
            config.Tracking.SolvePose = true;
            config.Model.Card = Path.Combine(folder, "models", "marker_pose.card.json");
            using var runner = new CameraPerceptionRunner(config, NullLoggerFactory.Instance, $"file:{Path.Combine(folder, "clip.mkv")}?pace=fast");
            CameraPerceptionSummary summary = runner.Run(0, CancellationToken.None);

            Assert.Equal(Frames, summary.Frames);
            Assert.Equal(Frames, summary.PosesSolved);
            Assert.Equal(0, summary.TrackIdChanges);
            Assert.Equal(1.0, summary.MeanDetections);
            // Optical frame: x = −Y, y = −Z, z = X of the base frame; within 20 mm of the truth.
            Assert.Equal(-centre.Y, summary.MeanTargetPositionM[0], 0.02);
            Assert.Equal(-centre.Z, summary.MeanTargetPositionM[1], 0.02);
            Assert.Equal(centre.X, summary.MeanTargetPositionM[2], 0.02);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheSimulatorIsNotACameraSourceForPerceive()
    {
        var e = Assert.Throws<ArgumentException>(() => new CameraPerceptionRunner(TestRigs.DefaultConfig(), NullLoggerFactory.Instance));
        Assert.Contains("robotedge sim", e.Message);
    }
}
