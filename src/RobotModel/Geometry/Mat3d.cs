using System.Globalization;

namespace RobotEdge.RobotModel.Geometry;

/// <summary>
/// A 3×3 matrix of doubles, row-major, used for rotations. A rotation <c>R_a_b</c> maps
/// directions expressed in frame b into frame a; its columns are b's axes seen from a.
/// Immutable and allocation-free.
/// </summary>
public readonly struct Mat3d
{
    /// <summary>Creates a matrix from its entries, row by row (<c>mRC</c> = row R, column C).</summary>
    public Mat3d(
        double m00, double m01, double m02,
        double m10, double m11, double m12,
        double m20, double m21, double m22)
    {
        M00 = m00; M01 = m01; M02 = m02;
        M10 = m10; M11 = m11; M12 = m12;
        M20 = m20; M21 = m21; M22 = m22;
    }

    /// <summary>The identity rotation.</summary>
    public static Mat3d Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Row 0, column 0.</summary>
    public double M00 { get; }

    /// <summary>Row 0, column 1.</summary>
    public double M01 { get; }

    /// <summary>Row 0, column 2.</summary>
    public double M02 { get; }

    /// <summary>Row 1, column 0.</summary>
    public double M10 { get; }

    /// <summary>Row 1, column 1.</summary>
    public double M11 { get; }

    /// <summary>Row 1, column 2.</summary>
    public double M12 { get; }

    /// <summary>Row 2, column 0.</summary>
    public double M20 { get; }

    /// <summary>Row 2, column 1.</summary>
    public double M21 { get; }

    /// <summary>Row 2, column 2.</summary>
    public double M22 { get; }

    /// <summary>Column 0: for a rotation <c>R_a_b</c>, frame b's +X axis expressed in frame a.</summary>
    public Vec3d ColumnX => new(M00, M10, M20);

    /// <summary>Column 1: for a rotation <c>R_a_b</c>, frame b's +Y axis expressed in frame a.</summary>
    public Vec3d ColumnY => new(M01, M11, M21);

    /// <summary>Column 2: for a rotation <c>R_a_b</c>, frame b's +Z axis expressed in frame a.</summary>
    public Vec3d ColumnZ => new(M02, M12, M22);

    /// <summary>
    /// The right-handed rotation by <paramref name="angleRad"/> about <paramref name="unitAxis"/>
    /// (Rodrigues' formula). The axis must have unit length; it is not normalised here.
    /// </summary>
    public static Mat3d FromAxisAngle(Vec3d unitAxis, double angleRad)
    {
        (double s, double c) = Math.SinCos(angleRad);
        double t = 1 - c;
        double x = unitAxis.X, y = unitAxis.Y, z = unitAxis.Z;
        return new Mat3d(
            (t * x * x) + c, (t * x * y) - (s * z), (t * x * z) + (s * y),
            (t * x * y) + (s * z), (t * y * y) + c, (t * y * z) - (s * x),
            (t * x * z) - (s * y), (t * y * z) + (s * x), (t * z * z) + c);
    }

    /// <summary>Right-handed rotation by <paramref name="angleRad"/> about +X.</summary>
    public static Mat3d RotationX(double angleRad)
    {
        (double s, double c) = Math.SinCos(angleRad);
        return new Mat3d(1, 0, 0, 0, c, -s, 0, s, c);
    }

    /// <summary>Right-handed rotation by <paramref name="angleRad"/> about +Y.</summary>
    public static Mat3d RotationY(double angleRad)
    {
        (double s, double c) = Math.SinCos(angleRad);
        return new Mat3d(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    /// <summary>Right-handed rotation by <paramref name="angleRad"/> about +Z.</summary>
    public static Mat3d RotationZ(double angleRad)
    {
        (double s, double c) = Math.SinCos(angleRad);
        return new Mat3d(c, -s, 0, s, c, 0, 0, 0, 1);
    }

    /// <summary>
    /// The rotation of URDF's <c>rpy</c> attribute: fixed-axis roll about X, then pitch about Y,
    /// then yaw about Z, so <c>R = Rz(yaw) · Ry(pitch) · Rx(roll)</c>. Angles in radians.
    /// </summary>
    public static Mat3d FromRpy(double rollRad, double pitchRad, double yawRad)
    {
        (double sr, double cr) = Math.SinCos(rollRad);
        (double sp, double cp) = Math.SinCos(pitchRad);
        (double sy, double cy) = Math.SinCos(yawRad);
        return new Mat3d(
            cy * cp, (cy * sp * sr) - (sy * cr), (cy * sp * cr) + (sy * sr),
            sy * cp, (sy * sp * sr) + (cy * cr), (sy * sp * cr) - (cy * sr),
            -sp, cp * sr, cp * cr);
    }

    /// <summary>Matrix product <c>a · b</c> (for rotations: apply b first, then a).</summary>
    public static Mat3d operator *(Mat3d a, Mat3d b) => new(
        (a.M00 * b.M00) + (a.M01 * b.M10) + (a.M02 * b.M20),
        (a.M00 * b.M01) + (a.M01 * b.M11) + (a.M02 * b.M21),
        (a.M00 * b.M02) + (a.M01 * b.M12) + (a.M02 * b.M22),
        (a.M10 * b.M00) + (a.M11 * b.M10) + (a.M12 * b.M20),
        (a.M10 * b.M01) + (a.M11 * b.M11) + (a.M12 * b.M21),
        (a.M10 * b.M02) + (a.M11 * b.M12) + (a.M12 * b.M22),
        (a.M20 * b.M00) + (a.M21 * b.M10) + (a.M22 * b.M20),
        (a.M20 * b.M01) + (a.M21 * b.M11) + (a.M22 * b.M21),
        (a.M20 * b.M02) + (a.M21 * b.M12) + (a.M22 * b.M22));

    /// <summary>Matrix–vector product <c>m · v</c>; same as <see cref="Transform"/>.</summary>
    public static Vec3d operator *(Mat3d m, Vec3d v) => m.Transform(v);

    /// <summary>The transpose; for a rotation, its inverse.</summary>
    public Mat3d Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    /// <summary>Matrix–vector product <c>this · v</c>: for <c>R_a_b</c>, re-expresses v from frame b in frame a.</summary>
    public Vec3d Transform(Vec3d v) => new(
        (M00 * v.X) + (M01 * v.Y) + (M02 * v.Z),
        (M10 * v.X) + (M11 * v.Y) + (M12 * v.Z),
        (M20 * v.X) + (M21 * v.Y) + (M22 * v.Z));

    /// <summary>Transpose–vector product <c>thisᵀ · v</c>: for <c>R_a_b</c>, re-expresses v from frame a in frame b.</summary>
    public Vec3d TransformTransposed(Vec3d v) => new(
        (M00 * v.X) + (M10 * v.Y) + (M20 * v.Z),
        (M01 * v.X) + (M11 * v.Y) + (M21 * v.Z),
        (M02 * v.X) + (M12 * v.Y) + (M22 * v.Z));

    /// <summary>Formats the three rows with the invariant culture.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"[{M00:G6} {M01:G6} {M02:G6}; {M10:G6} {M11:G6} {M12:G6}; {M20:G6} {M21:G6} {M22:G6}]");
}
