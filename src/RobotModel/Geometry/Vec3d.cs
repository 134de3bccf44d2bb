using System.Globalization;

namespace RobotEdge.RobotModel.Geometry;

/// <summary>
/// A 3-D vector of doubles: a point or a direction, in whatever frame and unit the member or
/// variable holding it names (metres for positions unless stated). Immutable and allocation-free.
/// </summary>
public readonly struct Vec3d
{
    /// <summary>The zero vector.</summary>
    public static Vec3d Zero => default;

    /// <summary>The unit vector along +X.</summary>
    public static Vec3d UnitX => new(1, 0, 0);

    /// <summary>The unit vector along +Y.</summary>
    public static Vec3d UnitY => new(0, 1, 0);

    /// <summary>The unit vector along +Z.</summary>
    public static Vec3d UnitZ => new(0, 0, 1);

    /// <summary>Creates a vector from its three components.</summary>
    public Vec3d(double x, double y, double z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    /// <summary>X component.</summary>
    public double X { get; }

    /// <summary>Y component.</summary>
    public double Y { get; }

    /// <summary>Z component.</summary>
    public double Z { get; }

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    /// <summary>Squared Euclidean length (no square root).</summary>
    public double LengthSquared => (X * X) + (Y * Y) + (Z * Z);

    /// <summary>Component-wise sum.</summary>
    public static Vec3d operator +(Vec3d a, Vec3d b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Component-wise difference.</summary>
    public static Vec3d operator -(Vec3d a, Vec3d b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    public static Vec3d operator -(Vec3d a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling by a scalar.</summary>
    public static Vec3d operator *(Vec3d a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Scaling by a scalar.</summary>
    public static Vec3d operator *(double s, Vec3d a) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Division by a scalar.</summary>
    public static Vec3d operator /(Vec3d a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    /// <summary>Dot product with <paramref name="other"/>.</summary>
    public double Dot(Vec3d other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);

    /// <summary>Right-handed cross product <c>this × other</c>.</summary>
    public Vec3d Cross(Vec3d other) => new(
        (Y * other.Z) - (Z * other.Y),
        (Z * other.X) - (X * other.Z),
        (X * other.Y) - (Y * other.X));

    /// <summary>
    /// This vector scaled to unit length. The zero vector has no direction and comes back as zero;
    /// callers that must reject it check <see cref="LengthSquared"/> first.
    /// </summary>
    public Vec3d Normalized()
    {
        double length = Length;
        return length > 0 ? this / length : default;
    }

    /// <summary>Formats as <c>(x, y, z)</c> with the invariant culture.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"({X:G6}, {Y:G6}, {Z:G6})");
}
