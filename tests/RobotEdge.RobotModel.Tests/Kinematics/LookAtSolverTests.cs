using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.RobotModel.Tests.Kinematics;

public sealed class LookAtSolverTests
{
    /// <summary>Fixed seed: the same 200 targets on every run, so a failure reproduces.</summary>
    private const int RandomSeed = 20261121;

    private readonly KinematicChain _chain = TestRobots.PanTiltCamera();

    /// <summary>Angle between the optical axis at <paramref name="q"/> and the direction to <paramref name="target"/>.</summary>
    private double PointingErrorRad(ReadOnlySpan<double> q, Vec3d target)
    {
        Transform3d camera = _chain.ComputeTipPose(q);
        return Expect.AngleRad(camera.Rotation.ColumnZ, target - camera.Translation);
    }

    /// <summary>Target <paramref name="distanceM"/> along the optical axis of configuration (pan, tilt): reachable by construction.</summary>
    private Vec3d TargetSeenAt(double panRad, double tiltRad, double distanceM)
    {
        Transform3d camera = _chain.ComputeTipPose([panRad, tiltRad]);
        return camera.Translation + (camera.Rotation.ColumnZ * distanceM);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReachableTargets_ArePointedAtWithinTolerance(bool randomSeedConfiguration)
    {
        var random = new Random(RandomSeed);
        var solver = new LookAtSolver(_chain);
        var solution = new double[2];
        for (int n = 0; n < 200; n++)
        {
            Vec3d target = TargetSeenAt(
                random.NextDouble() * 5.0 - 2.5,
                random.NextDouble() * 2.2 - 1.1,
                0.3 + random.NextDouble() * 4.7);
            double[] seed = randomSeedConfiguration
                ? [random.NextDouble() * 5.2 - 2.6, random.NextDouble() * 2.4 - 1.2]
                : [0, 0];

            bool solved = solver.TrySolve(target, seed, solution, out double residualRad);

            Assert.True(solved, $"target {n} {target}: residual {residualRad} rad from seed ({seed[0]}, {seed[1]})");
            Assert.True(residualRad < LookAtSolver.AngleToleranceRad);
            Assert.True(PointingErrorRad(solution, target) < LookAtSolver.AngleToleranceRad);
            Assert.InRange(solution[0], -2.6, 2.6);
            Assert.InRange(solution[1], -1.2, 1.2);
        }
    }

    [Fact]
    public void Solution_MatchesTheAnalyticPanTilt()
    {
        var random = new Random(RandomSeed);
        var solver = new LookAtSolver(_chain);
        var solution = new double[2];
        for (int n = 0; n < 50; n++)
        {
            Vec3d target = TargetSeenAt(random.NextDouble() * 4.0 - 2.0, random.NextDouble() * 2.0 - 1.0, 0.5 + random.NextDouble() * 3.0);

            // The camera sits in the vertical plane through the pan axis (no sideways offset), so
            // pan = atan2(y, x) exactly. In that plane, with ρ the horizontal distance and Z the height
            // above the tilt axis, the optical axis at tilt t is the line Z·cos t + ρ·sin t = 0.02 (the
            // camera's 0.02 m offset perpendicular to it), so t = asin(0.02 / hypot(ρ, Z)) − atan2(Z, ρ).
            double panRad = Math.Atan2(target.Y, target.X);
            double rho = Math.Sqrt((target.X * target.X) + (target.Y * target.Y));
            double z = target.Z - 0.15;
            double tiltRad = Math.Asin(0.02 / Math.Sqrt((rho * rho) + (z * z))) - Math.Atan2(z, rho);
            Assert.True(PointingErrorRad([panRad, tiltRad], target) < 1e-12, "the analytic reference itself");

            Assert.True(solver.TrySolve(target, [0, 0], solution, out double residualRad));

            Assert.True(residualRad <= PointingErrorRad([panRad, tiltRad], target) + 1e-9);
            Assert.Equal(panRad, solution[0], 1e-8);
            Assert.Equal(tiltRad, solution[1], 1e-8);
        }
    }

    /// <summary>
    /// Smallest pointing error over the limit box by brute force: a 0.01-rad grid, then a 0.0005-rad
    /// grid around its best point. The best reachable, to within <see cref="GridAccuracyRad"/>.
    /// </summary>
    private double BestOnGridRad(Vec3d target)
    {
        (double best, double bestPan, double bestTilt) = Search(-2.6, 2.6, -1.2, 1.2, 0.01);
        (best, _, _) = Search(
            Math.Max(-2.6, bestPan - 0.01), Math.Min(2.6, bestPan + 0.01),
            Math.Max(-1.2, bestTilt - 0.01), Math.Min(1.2, bestTilt + 0.01),
            0.0005);
        return best;

        (double Best, double Pan, double Tilt) Search(double panLow, double panHigh, double tiltLow, double tiltHigh, double stepRad)
        {
            (double Best, double Pan, double Tilt) result = (double.PositiveInfinity, 0, 0);
            for (double pan = panLow; pan <= panHigh + 1e-9; pan += stepRad)
            {
                for (double tilt = tiltLow; tilt <= tiltHigh + 1e-9; tilt += stepRad)
                {
                    double errorRad = PointingErrorRad([pan, tilt], target);
                    if (errorRad < result.Best)
                    {
                        result = (errorRad, pan, tilt);
                    }
                }
            }

            return result;
        }
    }

    /// <summary>How far the grid minimum may lie above the true one: half a fine grid diagonal, rounded up.</summary>
    private const double GridAccuracyRad = 0.0005;

    [Fact]
    public void TargetBehindBeyondPanLimit_ReturnsFalseWithPanOnTheLimit()
    {
        var solver = new LookAtSolver(_chain);
        var target = new Vec3d(-2, 0.3, 0.17);   // needs pan ≈ π − 0.15 = 2.99 rad > 2.6
        var solution = new double[2];

        bool solved = solver.TrySolve(target, [0, 0], solution, out double residualRad);

        Assert.False(solved);
        Assert.Equal(2.6, solution[0]);
        Assert.InRange(solution[1], -1.2, 1.2);
        Assert.Equal(PointingErrorRad(solution, target), residualRad, 1e-12);
        double bestRad = BestOnGridRad(target);
        Assert.InRange(residualRad, bestRad - GridAccuracyRad, bestRad + 1e-9);
    }

    [Fact]
    public void TargetOverheadBeyondTiltLimit_ReturnsFalseWithTiltOnTheLimit()
    {
        var solver = new LookAtSolver(_chain);
        var target = new Vec3d(0.2, 0, 5);       // needs tilt ≈ −1.53 rad < −1.2 (negative tilt looks up)
        var solution = new double[2];

        bool solved = solver.TrySolve(target, [0.4, 0.3], solution, out double residualRad);

        Assert.False(solved);
        Assert.Equal(-1.2, solution[1]);
        Assert.Equal(0, solution[0], 1e-6);
        Assert.Equal(PointingErrorRad(solution, target), residualRad, 1e-12);
        double bestRad = BestOnGridRad(target);
        Assert.InRange(residualRad, bestRad - GridAccuracyRad, bestRad + 1e-9);
    }

    [Fact]
    public void SeedOutsideLimits_IsClampedFirst_AndLongerSpansAreAccepted()
    {
        var solver = new LookAtSolver(_chain);
        Vec3d target = TargetSeenAt(1.0, 0.4, 2.0);
        var solution = new double[8];                   // a JointVector-sized span
        double[] seed = [10, -10, 0, 0, 0, 0, 0, 0];

        Assert.True(solver.TrySolve(target, seed, solution, out double residualRad));

        Assert.True(residualRad < LookAtSolver.AngleToleranceRad);
        Assert.Equal(1.0, solution[0], 1e-8);
        Assert.Equal(0.4, solution[1], 1e-8);
    }

    [Fact]
    public void TargetAtTheSeedsOpticalCentre_GivesAConsistentResult()
    {
        // At the seed the direction to the target is undefined; the solver must neither fail on it nor
        // report a residual other than the pointing error of the configuration it returns.
        var solver = new LookAtSolver(_chain);
        var target = new Vec3d(0.03, 0, 0.17);
        var solution = new double[2];

        bool solved = solver.TrySolve(target, [0, 0], solution, out double residualRad);

        Assert.Equal(PointingErrorRad(solution, target), residualRad, 1e-12);
        Assert.Equal(residualRad <= LookAtSolver.AngleToleranceRad, solved);
        Assert.InRange(solution[0], -2.6, 2.6);
        Assert.InRange(solution[1], -1.2, 1.2);
    }

    [Fact]
    public void Constructor_RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookAtSolver(_chain, maxIterations: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookAtSolver(_chain, damping: 0));
        KinematicChain fixedOnly = KinematicChain.FromDescription(
            RobotModel.Urdf.UrdfParser.Load(TestRobots.PanTiltPath), "tilt_link", "camera_optical_frame");
        Assert.Throws<ArgumentException>(() => new LookAtSolver(fixedOnly));
    }
}
