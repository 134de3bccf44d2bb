using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.RobotModel.Tests.Kinematics;

/// <summary>The planner calls these once per frame: after warm-up they must allocate nothing.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void TrySolveAndComputeTipPose_AllocateNothing()
    {
        KinematicChain chain = TestRobots.PanTiltCamera();
        var solver = new LookAtSolver(chain);
        var targets = new Vec3d[16];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = new Vec3d(1 + (0.1 * i), -0.8 + (0.1 * i), 0.5 - (0.05 * i));
        }

        var seed = new double[2];
        var solution = new double[2];
        double checksum = 0;
        for (int i = 0; i < 1000; i++)
        {
            checksum += Run(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            checksum += Run(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(checksum));

        double Run(int i)
        {
            solver.TrySolve(targets[i % targets.Length], seed, solution, out double residualRad);
            Transform3d pose = chain.ComputeTipPose(solution);
            return residualRad + pose.Translation.X;
        }
    }

    [Fact]
    public void TrySolvePosition_AllocatesNothing()
    {
        KinematicChain arm = TestRobots.PlanarArm();
        var solver = new LookAtSolver(arm);
        var seed = new double[] { 0.3, 0.3, 0.3 };
        var solution = new double[3];
        var axes = new Vec3d[3];
        var origins = new Vec3d[3];
        double checksum = 0;
        for (int i = 0; i < 1000; i++)
        {
            checksum += Run(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            checksum += Run(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(checksum));

        double Run(int i)
        {
            var target = new Vec3d(0.5 + (0.001 * (i % 100)), 0.2, 0);
            solver.TrySolvePosition(target, seed, solution, out double residualM);
            arm.ClampToLimits(solution);
            arm.ComputeJointFrames(solution, axes, origins, out Transform3d tip);
            return residualM + tip.Translation.X;
        }
    }
}
