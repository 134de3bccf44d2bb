using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Tests;

/// <summary>Tolerance assertions for geometry values.</summary>
internal static class Expect
{
    public static void Near(Vec3d expected, Vec3d actual, double tolerance = 1e-12)
    {
        double error = (expected - actual).Length;
        Assert.True(error <= tolerance, $"expected {expected}, got {actual} (off by {error:G3}, tolerance {tolerance:G3})");
    }

    public static void Near(Mat3d expected, Mat3d actual, double tolerance = 1e-12)
    {
        double error = Math.Max(
            (expected.ColumnX - actual.ColumnX).Length,
            Math.Max((expected.ColumnY - actual.ColumnY).Length, (expected.ColumnZ - actual.ColumnZ).Length));
        Assert.True(error <= tolerance, $"expected {expected}, got {actual} (off by {error:G3}, tolerance {tolerance:G3})");
    }

    /// <summary>Angle between two non-zero vectors, radians, accurate for small angles too.</summary>
    public static double AngleRad(Vec3d a, Vec3d b) => Math.Atan2(a.Cross(b).Length, a.Dot(b));
}
