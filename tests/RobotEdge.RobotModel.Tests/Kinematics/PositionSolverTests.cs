using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.RobotModel.Tests.Kinematics;

/// <summary><see cref="LookAtSolver.TrySolvePosition"/> on the 3-DOF planar arm (links 0.4, 0.3, 0.2 m).</summary>
public sealed class PositionSolverTests
{
    /// <summary>Fixed seed: the same targets on every run, so a failure reproduces.</summary>
    private const int RandomSeed = 7;

    private readonly KinematicChain _arm = TestRobots.PlanarArm();

    [Fact]
    public void ReachablePoints_AreReachedWithinAMicrometre()
    {
        var random = new Random(RandomSeed);
        var solver = new LookAtSolver(_arm);
        var solution = new double[3];
        for (int n = 0; n < 200; n++)
        {
            double[] truth = [random.NextDouble() * 6 - 3, random.NextDouble() * 6 - 3, random.NextDouble() * 6 - 3];
            Vec3d target = _arm.ComputeTipPose(truth).Translation;
            double[] seed = [random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1];

            bool solved = solver.TrySolvePosition(target, seed, solution, out double residualM);

            Assert.True(solved, $"target {n} {target}: residual {residualM} m");
            Assert.True((_arm.ComputeTipPose(solution).Translation - target).Length <= LookAtSolver.PositionToleranceM);
            Assert.Equal((_arm.ComputeTipPose(solution).Translation - target).Length, residualM, 1e-15);
        }
    }

    [Fact]
    public void StretchedStart_ReachesAPointInside()
    {
        var solver = new LookAtSolver(_arm);
        var solution = new double[3];
        var target = new Vec3d(0.6, 0.3, 0);

        Assert.True(solver.TrySolvePosition(target, [0, 0, 0], solution, out double residualM));

        Assert.True(residualM <= LookAtSolver.PositionToleranceM);
    }

    [Fact]
    public void OutOfReach_ReturnsFalse_WithTheArmStretchedTowardsTheTarget()
    {
        var solver = new LookAtSolver(_arm);
        var solution = new double[3];
        var target = new Vec3d(0, 2, 0);

        Assert.False(solver.TrySolvePosition(target, [0.2, 0.3, -0.2], solution, out double residualM));

        // Closest reachable point: fully stretched along +Y, 0.9 m out. That optimum is a singular
        // configuration, where Gauss–Newton converges only linearly: 20 steps get within 10 µm.
        Assert.InRange(residualM, 2 - 0.9, 2 - 0.9 + 1e-5);
        Assert.Equal((_arm.ComputeTipPose(solution).Translation - target).Length, residualM, 1e-15);
        Expect.Near(new Vec3d(0, 0.9, 0), _arm.ComputeTipPose(solution).Translation, 1e-2);
    }
}
