using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Tests.Geometry;

public sealed class Mat3dTests
{
    private const double HalfPi = Math.PI / 2;

    public static TheoryData<double, double, double, Mat3d> QuarterTurnRpy => new()
    {
        // Roll about X: Y → Z, Z → −Y.
        { HalfPi, 0, 0, new Mat3d(1, 0, 0, 0, 0, -1, 0, 1, 0) },
        // Pitch about Y: Z → X, X → −Z.
        { 0, HalfPi, 0, new Mat3d(0, 0, 1, 0, 1, 0, -1, 0, 0) },
        // Yaw about Z: X → Y, Y → −X.
        { 0, 0, HalfPi, new Mat3d(0, -1, 0, 1, 0, 0, 0, 0, 1) },
        // Rz(π/2)·Rx(π/2): roll first, then yaw (the other order would give (0 −1 0; 0 0 −1; 1 0 0)).
        { HalfPi, 0, HalfPi, new Mat3d(0, 0, 1, 1, 0, 0, 0, 1, 0) },
        // Body-to-optical rotation: optical X (right) = −Y, optical Y (down) = −Z, optical Z (forward) = +X.
        { -HalfPi, 0, -HalfPi, new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0) },
    };

    [Theory]
    [MemberData(nameof(QuarterTurnRpy))]
    public void FromRpy_QuarterTurns_MatchHandComputedMatrices(double roll, double pitch, double yaw, Mat3d expected)
    {
        Expect.Near(expected, Mat3d.FromRpy(roll, pitch, yaw), 1e-15);
    }

    [Fact]
    public void FromRpy_GeneralAngles_EqualsYawPitchRollProduct()
    {
        // Reference values: Rz(1.1)·Ry(−0.7)·Rx(0.3), multiplied out to 15 digits in double precision
        // by an independent script.
        var expected = new Mat3d(
            0.346929449654899, -0.937758242512497, -0.015793529118640,
            0.681632986593423, 0.263669453487192, -0.682535633418136,
            0.644217687237691, 0.226026321249623, 0.730681649935512);
        Expect.Near(expected, Mat3d.FromRpy(0.3, -0.7, 1.1), 1e-14);
        Expect.Near(expected, Mat3d.RotationZ(1.1) * Mat3d.RotationY(-0.7) * Mat3d.RotationX(0.3), 1e-14);
    }

    [Fact]
    public void FromAxisAngle_ThirdTurnAboutDiagonal_CyclesTheAxes()
    {
        // 120° about (1,1,1)/√3 maps X → Y → Z → X.
        Mat3d r = Mat3d.FromAxisAngle(new Vec3d(1, 1, 1).Normalized(), 2 * Math.PI / 3);
        Expect.Near(new Mat3d(0, 0, 1, 1, 0, 0, 0, 1, 0), r, 1e-15);
        Expect.Near(Vec3d.UnitY, r * Vec3d.UnitX, 1e-15);
    }

    [Fact]
    public void FromAxisAngle_AboutCoordinateAxes_EqualsElementaryRotations()
    {
        Expect.Near(Mat3d.RotationX(0.4), Mat3d.FromAxisAngle(Vec3d.UnitX, 0.4), 1e-15);
        Expect.Near(Mat3d.RotationY(-1.3), Mat3d.FromAxisAngle(Vec3d.UnitY, -1.3), 1e-15);
        Expect.Near(Mat3d.RotationZ(2.9), Mat3d.FromAxisAngle(Vec3d.UnitZ, 2.9), 1e-15);
    }

    [Fact]
    public void Transpose_OfRotation_IsItsInverse()
    {
        Mat3d r = Mat3d.FromRpy(0.3, -0.7, 1.1);
        Expect.Near(Mat3d.Identity, r.Transpose() * r, 1e-15);
        Expect.Near(Mat3d.Identity, r * r.Transpose(), 1e-15);
        var v = new Vec3d(0.2, -1.5, 3);
        Expect.Near(r.Transpose() * v, r.TransformTransposed(v), 1e-15);
    }
}
