using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Geometry;
using Xunit.Abstractions;

namespace RobotEdge.Vision.Tests.Geometry;

/// <summary>3D target poses from keypoints, against the simulator's ground truth.</summary>
public class TargetPoseSolverTests(ITestOutputHelper output)
{
    private const double SpacingM = 0.16;

    /// <summary>A stationary target centred on <paramref name="centre"/> (base frame).</summary>
    private static MarkerTarget TargetAt(Vec3d centre) => new(new TargetDefinition
    {
        MarkerSpacingM = SpacingM,
        MarkerRadiusM = 0.02,
        Loop = false,
        Waypoints = [new WaypointDefinition { TimeS = 0, Position = [centre.X, centre.Y, centre.Z] }],
    });

    /// <summary>The target's true pose in the camera frame: origin at its centre, axes right, up, right × up.</summary>
    private static Transform3d TruePoseInCamera(MarkerTarget target)
    {
        target.PoseAt(0, out Vec3d centre, out Vec3d right, out Vec3d up);
        Transform3d baseInCamera = SimScene.CameraPose.Inverse();
        Vec3d r = baseInCamera.TransformDirection(right), u = baseInCamera.TransformDirection(up), n = r.Cross(u);
        return new Transform3d(new Mat3d(r.X, u.X, n.X, r.Y, u.Y, n.Y, r.Z, u.Z, n.Z), baseInCamera.TransformPoint(centre));
    }

    private static (double Mm, double Deg) Errors(in TargetPose pose, Transform3d truth)
    {
        var t = new Vec3d(pose.XM, pose.YM, pose.ZM);
        double mm = (t - truth.Translation).Length * 1000;
        Mat3d r = TargetPoseSolver.RotationMatrix(pose.RotationXRad, pose.RotationYRad, pose.RotationZRad);
        Mat3d truthR = truth.Rotation;
        // Angle of Rᵀ·R_true from its trace.
        double trace = r.M00 * truthR.M00 + r.M10 * truthR.M10 + r.M20 * truthR.M20
            + r.M01 * truthR.M01 + r.M11 * truthR.M11 + r.M21 * truthR.M21
            + r.M02 * truthR.M02 + r.M12 * truthR.M12 + r.M22 * truthR.M22;
        double deg = Math.Acos(Math.Clamp((trace - 1) / 2, -1, 1)) * 180 / Math.PI;
        return (mm, deg);
    }

    [Fact]
    public void ExactProjectionsGiveTheExactPose()
    {
        var solver = new TargetPoseSolver(SimScene.Camera, TargetPoseSolver.SquareTarget(SpacingM));
        var renderer = new SceneRenderer(SimScene.Camera);
        var pixels = new byte[640 * 480 * 3];
        foreach (Vec3d centre in new[] { new Vec3d(1.0, 0.2, 0.1), new Vec3d(1.8, -0.5, -0.3), new Vec3d(2.5, 0.0, 0.4) })
        {
            MarkerTarget target = TargetAt(centre);
            var truth = default(FrameGroundTruth);
            renderer.Render(SimScene.CameraPose, target, 0, pixels, ref truth);
            var keypoints = default(KeypointSet);
            for (int k = 0; k < 4; k++)
            {
                keypoints[k] = new Keypoint((float)truth.Markers[k].U, (float)truth.Markers[k].V, 1f);
            }

            var pose = default(TargetPose);
            Assert.True(solver.TrySolve(keypoints, 4, 0.3f, ref pose));
            (double mm, double deg) = Errors(pose, TruePoseInCamera(target));
            // Float keypoints (7 significant digits) bound what is exact: 0.1 mm and 0.1°.
            Assert.True(mm < 0.1, $"{centre}: position error {mm:F4} mm");
            Assert.True(deg < 0.1, $"{centre}: rotation error {deg:F4}°");
            Assert.True(pose.ReprojectionRmsPx < 1e-3);
        }
    }

    [Fact]
    public void PoseFromDetectedKeypointsIsWithinTheStatedBoundOfTheTruth()
    {
        var solver = new TargetPoseSolver(SimScene.Camera, TargetPoseSolver.SquareTarget(SpacingM), keypointSigmaPx: 0.3);
        var renderer = new SceneRenderer(SimScene.Camera);
        var pool = new FramePool(640, 480, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var estimator = new PoseEstimator(TestModels.LoadMarkerModel(), 640, 480);
        // Fixed seed: the same 40 placements, 1.0–2.0 m away, all four markers in view.
        var random = new Random(2026);
        var positionMm = new List<double>();
        var rotationDeg = new List<double>();
        double sigmaNear = 0, sigmaFar = 0;
        while (positionMm.Count < 40)
        {
            double range = 1.0 + random.NextDouble();
            var centre = new Vec3d(range, (random.NextDouble() - 0.5) * 0.7 * range, (random.NextDouble() - 0.5) * 0.5 * range);
            MarkerTarget target = TargetAt(centre);
            var truth = default(FrameGroundTruth);
            renderer.Render(SimScene.CameraPose, target, 0, frame.Pixels, ref truth);
            if (truth.VisibleMask != 0b1111)
            {
                continue;
            }

            var estimate = default(PoseEstimate);
            var timings = default(PerceptionTimings);
            estimator.Estimate(frame, ref estimate, ref timings);
            Assert.True(solver.TrySolve(estimate.Keypoints, estimate.KeypointCount, estimator.MinConfidence, ref estimate.Target));
            (double mm, double deg) = Errors(estimate.Target, TruePoseInCamera(target));
            positionMm.Add(mm);
            rotationDeg.Add(deg);
            if (range < 1.2)
            {
                sigmaNear = Math.Max(sigmaNear, estimate.Target.PositionSigmaM);
            }
            else if (range > 1.8)
            {
                sigmaFar = Math.Max(sigmaFar, estimate.Target.PositionSigmaM);
            }
        }

        positionMm.Sort();
        rotationDeg.Sort();
        output.WriteLine($"position error mean {positionMm.Average():F1} mm, p95 {positionMm[37]:F1} mm, max {positionMm[^1]:F1} mm");
        output.WriteLine($"rotation error mean {rotationDeg.Average():F2}°, p95 {rotationDeg[37]:F2}°, max {rotationDeg[^1]:F2}°");
        // The stated bound (README): a 16 cm four-marker target seen nearly face-on 1–2 m away is placed
        // within 30 mm (mean under 10 mm; the error is mostly depth) and turned within 8° (mean under 4°).
        // Measured: mean 7.3 mm, max 25.7 mm; mean 2.9°, max 6.9°.
        Assert.True(positionMm[^1] < 30 && positionMm.Average() < 10, $"position error up to {positionMm[^1]:F1} mm, mean {positionMm.Average():F1} mm");
        Assert.True(rotationDeg[^1] < 8 && rotationDeg.Average() < 4, $"rotation error up to {rotationDeg[^1]:F2}°, mean {rotationDeg.Average():F2}°");
        // The covariance grows with range, as depth from a fixed-size target must.
        Assert.True(sigmaFar > sigmaNear, $"position sigma {sigmaFar * 1000:F1} mm far vs {sigmaNear * 1000:F1} mm near");
    }

    [Fact]
    public void TooFewConfidentKeypointsGiveNoPose()
    {
        var solver = new TargetPoseSolver(SimScene.Camera, TargetPoseSolver.SquareTarget(SpacingM));
        var keypoints = default(KeypointSet);
        keypoints[0] = new Keypoint(300, 200, 0.9f);
        keypoints[1] = new Keypoint(340, 200, 0.9f);
        keypoints[2] = new Keypoint(340, 240, 0.9f);
        keypoints[3] = new Keypoint(300, 240, 0.1f);
        var pose = default(TargetPose);
        Assert.False(solver.TrySolve(keypoints, 4, 0.3f, ref pose));
        Assert.False(pose.Valid);
        Assert.Equal(3, pose.KeypointsUsed);
    }

    [Fact]
    public void SolvingAllocatesNothing()
    {
        var solver = new TargetPoseSolver(SimScene.Camera, TargetPoseSolver.SquareTarget(SpacingM));
        var keypoints = default(KeypointSet);
        keypoints[0] = new Keypoint(290, 210, 0.9f);
        keypoints[1] = new Keypoint(350, 211, 0.9f);
        keypoints[2] = new Keypoint(349, 270, 0.9f);
        keypoints[3] = new Keypoint(291, 269, 0.9f);
        var pose = default(TargetPose);
        // Past tiered compilation, so that only steady state is measured.
        for (int i = 0; i < 300; i++)
        {
            Assert.True(solver.TrySolve(keypoints, 4, 0.3f, ref pose));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            solver.TrySolve(keypoints, 4, 0.3f, ref pose);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
