using RobotEdge.Planner.Targeting;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Tests;

public class TargetMotionFilterTests
{
    [Fact]
    public void ConstantVelocityIsLearnedExactlyWithoutNoise()
    {
        var filter = new TargetMotionFilter(0.6);
        var velocity = new Vec3d(0.3, -0.2, 0.1);
        const long periodNs = 33_333_333;
        for (int i = 0; i < 120; i++)
        {
            filter.Update(new Vec3d(1, 0, 0.3) + velocity * (i * periodNs * 1e-9), i * periodNs);
        }

        Assert.Equal(0.3, filter.Velocity.X, 6);
        Assert.Equal(-0.2, filter.Velocity.Y, 6);
        Assert.Equal(0.1, filter.Velocity.Z, 6);
        Assert.Equal(1 + 0.3 * 119 * periodNs * 1e-9, filter.Position.X, 6);
    }

    [Fact]
    public void LongGapResetsTheHistory()
    {
        var filter = new TargetMotionFilter(0.6);
        filter.Update(new Vec3d(0, 0, 0), 0);
        filter.Update(new Vec3d(0.1, 0, 0), 100_000_000);
        filter.Update(new Vec3d(5, 5, 5), 2_000_000_000); // 1.9 s later: a new track

        Assert.Equal(new Vec3d(5, 5, 5).X, filter.Position.X);
        Assert.Equal(0, filter.Velocity.Length);
    }
}
