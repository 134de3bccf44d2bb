using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Perception.Tests;

/// <summary>The generated model through ONNX Runtime on simulator frames, against the simulator's truth.</summary>
public class KeypointAccuracyTests
{
    [Fact]
    public void KeypointsLandOnTheTrueMarkerProjections()
    {
        var camera = new PinholeCamera(640, 480, 500, 500, 319.5, 239.5);
        // Camera at the origin looking along +X (optical: z forward, x right = −Y, y down = −Z).
        var optical = new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0);
        var cameraPose = new Transform3d(optical, Vec3d.Zero);
        var renderer = new SceneRenderer(camera);
        var pool = new FramePool(640, 480, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var estimator = new PoseEstimator(TestModels.LoadMarkerModel(), 640, 480);

        // Fixed seed: the same 60 placements every run, spread over the view at 1.0–2.2 m.
        var random = new Random(20261121);
        var errors = new List<double>();
        for (int trial = 0; trial < 60; trial++)
        {
            double range = 1.0 + 1.2 * random.NextDouble();
            var centre = new Vec3d(range, (random.NextDouble() - 0.5) * 0.9 * range, (random.NextDouble() - 0.5) * 0.6 * range);
            var target = new MarkerTarget(new TargetDefinition
            {
                MarkerSpacingM = 0.16,
                MarkerRadiusM = 0.02,
                Loop = false,
                Waypoints = [new WaypointDefinition { TimeS = 0, Position = [centre.X, centre.Y, centre.Z] }],
            });
            var truth = default(FrameGroundTruth);
            renderer.Render(cameraPose, target, 0, frame.Pixels, ref truth);
            frame.Stamp = new FrameStamp(trial, 0, 0);
            var estimate = default(PoseEstimate);
            var timings = default(PerceptionTimings);
            estimator.Estimate(frame, ref estimate, ref timings);

            for (int k = 0; k < 4; k++)
            {
                if ((truth.VisibleMask & (1 << k)) == 0)
                {
                    continue;
                }

                Keypoint found = estimate.Keypoints[k];
                Assert.True(found.Confidence >= estimator.MinConfidence, $"trial {trial}: marker {k} not found (confidence {found.Confidence})");
                double dx = found.XPx - truth.Markers[k].U, dy = found.YPx - truth.Markers[k].V;
                errors.Add(Math.Sqrt(dx * dx + dy * dy));
            }
        }

        Assert.True(errors.Count > 200, $"only {errors.Count} visible markers");
        Assert.True(errors.Average() < 0.6, $"mean error {errors.Average():F3} px");
        Assert.True(errors.Max() < 2.0, $"max error {errors.Max():F3} px");
    }
}
