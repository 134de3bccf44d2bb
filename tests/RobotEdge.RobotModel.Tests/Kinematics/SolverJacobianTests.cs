using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.RobotModel.Tests.Kinematics;

/// <summary>The solvers' analytic Jacobians against central finite differences of their own error functions.</summary>
public sealed class SolverJacobianTests
{
    private const double StepRad = 1e-6;

    [Theory]
    [InlineData(0.3, 0.2, 1.0, 0.5, 0.4)]       // target near the optical axis
    [InlineData(2.6, 1.2, 1.01, 1.58, -0.62)]   // target 70° off axis, joints in a corner
    [InlineData(-2.5, 0.9, 0.76, 2.82, -2.92)]  // target more than 90° off axis
    [InlineData(0.0, 0.0, -3.0, 0.2, 0.5)]      // target almost behind
    public void PointingJacobian_MatchesFiniteDifferences(double pan, double tilt, double x, double y, double z)
    {
        var solver = new LookAtSolver(TestRobots.PanTiltCamera());
        var target = new Vec3d(x, y, z);
        double[] q = [pan, tilt];
        var jacobian = new Vec3d[2];
        var scratch = new Vec3d[2];
        solver.EvaluatePointing(q, target, jacobian, out _, out _);

        for (int i = 0; i < 2; i++)
        {
            double[] plus = (double[])q.Clone();
            double[] minus = (double[])q.Clone();
            plus[i] += StepRad;
            minus[i] -= StepRad;
            solver.EvaluatePointing(plus, target, scratch, out double plusX, out double plusY);
            solver.EvaluatePointing(minus, target, scratch, out double minusX, out double minusY);
            var numeric = new Vec3d((plusX - minusX) / (2 * StepRad), (plusY - minusY) / (2 * StepRad), 0);
            Expect.Near(numeric, jacobian[i], 1e-6);
        }
    }

    [Fact]
    public void PointingErrorLength_IsTheAngleToTheTarget()
    {
        KinematicChain chain = TestRobots.PanTiltCamera();
        var solver = new LookAtSolver(chain);
        var target = new Vec3d(0.76, 2.82, -2.92);
        double[] q = [-2.5, 0.9];

        double angleRad = solver.EvaluatePointing(q, target, new Vec3d[2], out double errorX, out double errorY);

        Transform3d camera = chain.ComputeTipPose(q);
        double expectedRad = Expect.AngleRad(camera.Rotation.ColumnZ, target - camera.Translation);
        Assert.Equal(expectedRad, angleRad, 1e-12);
        Assert.Equal(expectedRad, Math.Sqrt((errorX * errorX) + (errorY * errorY)), 1e-12);
    }

    [Fact]
    public void PositionJacobian_MatchesFiniteDifferences()
    {
        var solver = new LookAtSolver(TestRobots.PlanarArm());
        var target = new Vec3d(0.3, 0.5, 0);
        double[] q = [0.4, -1.1, 0.7];
        var jacobian = new Vec3d[3];
        var scratch = new Vec3d[3];
        solver.EvaluatePosition(q, target, jacobian);

        for (int i = 0; i < 3; i++)
        {
            double[] plus = (double[])q.Clone();
            double[] minus = (double[])q.Clone();
            plus[i] += StepRad;
            minus[i] -= StepRad;
            Vec3d numeric = (solver.EvaluatePosition(plus, target, scratch) - solver.EvaluatePosition(minus, target, scratch)) / (2 * StepRad);

            // The error is target − tip, so its Jacobian is minus the tip's.
            Expect.Near(-numeric, jacobian[i], 1e-8);
        }
    }
}
