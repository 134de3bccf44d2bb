using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Tests.Geometry;

public sealed class Transform3dTests
{
    private static readonly Transform3d AFromB = new(Mat3d.FromRpy(0.3, -0.7, 1.1), new Vec3d(1, -2, 0.5));
    private static readonly Transform3d BFromC = new(Mat3d.FromRpy(-1.2, 0.4, 2.5), new Vec3d(-0.3, 0.8, 2));

    [Fact]
    public void TransformPoint_QuarterYawAndShift_MatchesHandValue()
    {
        // Frame b at (1, 2, 3) in a, yawed +90°: b's +X is a's +Y, so b's (1, 0, 0) is a's (1, 3, 3).
        var aFromB = new Transform3d(Mat3d.RotationZ(Math.PI / 2), new Vec3d(1, 2, 3));
        Expect.Near(new Vec3d(1, 3, 3), aFromB.TransformPoint(Vec3d.UnitX), 1e-15);
        Expect.Near(Vec3d.UnitY, aFromB.TransformDirection(Vec3d.UnitX), 1e-15);
    }

    [Fact]
    public void InverseTimesTransform_IsIdentity()
    {
        Transform3d product = AFromB.Inverse() * AFromB;
        Expect.Near(Mat3d.Identity, product.Rotation, 1e-15);
        Expect.Near(Vec3d.Zero, product.Translation, 1e-15);

        product = AFromB * AFromB.Inverse();
        Expect.Near(Mat3d.Identity, product.Rotation, 1e-15);
        Expect.Near(Vec3d.Zero, product.Translation, 1e-15);
    }

    [Fact]
    public void Compose_AppliesRightOperandFirst()
    {
        var pointInC = new Vec3d(0.7, -0.1, 0.25);
        Vec3d viaSteps = AFromB.TransformPoint(BFromC.TransformPoint(pointInC));
        Expect.Near(viaSteps, (AFromB * BFromC).TransformPoint(pointInC), 1e-14);
        Expect.Near(pointInC, (AFromB * BFromC).Inverse().TransformPoint(viaSteps), 1e-14);
    }

    [Fact]
    public void TransformDirection_IgnoresTranslation()
    {
        var direction = new Vec3d(0, 0, 1);
        Expect.Near(AFromB.Rotation * direction, AFromB.TransformDirection(direction), 0);
        Expect.Near(Vec3d.UnitZ, Transform3d.Identity.TransformPoint(Vec3d.UnitZ), 0);
    }
}
