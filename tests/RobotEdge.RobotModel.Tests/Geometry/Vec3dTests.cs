using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Tests.Geometry;

public sealed class Vec3dTests
{
    [Fact]
    public void Arithmetic_MatchesComponentwiseHandValues()
    {
        var a = new Vec3d(1, 2, 3);
        var b = new Vec3d(-4, 0.5, 2);
        Expect.Near(new Vec3d(-3, 2.5, 5), a + b, 0);
        Expect.Near(new Vec3d(5, 1.5, 1), a - b, 0);
        Expect.Near(new Vec3d(2, 4, 6), a * 2, 0);
        Expect.Near(new Vec3d(2, 4, 6), 2 * a, 0);
        Expect.Near(new Vec3d(-1, -2, -3), -a, 0);
        Assert.Equal(-4 + 1 + 6, a.Dot(b));
    }

    [Fact]
    public void Cross_IsRightHanded()
    {
        Expect.Near(Vec3d.UnitZ, Vec3d.UnitX.Cross(Vec3d.UnitY), 0);
        Expect.Near(Vec3d.UnitX, Vec3d.UnitY.Cross(Vec3d.UnitZ), 0);
        Expect.Near(Vec3d.UnitY, Vec3d.UnitZ.Cross(Vec3d.UnitX), 0);

        // (1,2,3) × (4,5,6) = (2·6 − 3·5, 3·4 − 1·6, 1·5 − 2·4) = (−3, 6, −3).
        Expect.Near(new Vec3d(-3, 6, -3), new Vec3d(1, 2, 3).Cross(new Vec3d(4, 5, 6)), 0);
    }

    [Fact]
    public void LengthAndNormalized_UseEuclideanNorm()
    {
        var v = new Vec3d(3, 4, 12);
        Assert.Equal(13, v.Length);
        Assert.Equal(169, v.LengthSquared);
        Expect.Near(new Vec3d(3.0 / 13, 4.0 / 13, 12.0 / 13), v.Normalized(), 1e-15);
        Expect.Near(Vec3d.Zero, Vec3d.Zero.Normalized(), 0);
    }
}
