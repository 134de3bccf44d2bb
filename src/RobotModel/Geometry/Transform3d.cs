namespace RobotEdge.RobotModel.Geometry;

/// <summary>
/// A rigid transform (rotation then translation, metres). <c>T_a_b</c> is the pose of frame b in
/// frame a: it maps points expressed in b into a, <c>p_a = R · p_b + t</c>. Composition follows the
/// frame names: <c>T_a_c = T_a_b * T_b_c</c>. Immutable and allocation-free.
/// </summary>
public readonly struct Transform3d
{
    /// <summary>Creates a transform from its rotation and its translation (metres).</summary>
    public Transform3d(Mat3d rotation, Vec3d translation)
    {
        Rotation = rotation;
        Translation = translation;
    }

    /// <summary>The identity transform.</summary>
    public static Transform3d Identity => new(Mat3d.Identity, Vec3d.Zero);

    /// <summary>Rotation of the child frame relative to the parent (columns = child axes in the parent).</summary>
    public Mat3d Rotation { get; }

    /// <summary>Origin of the child frame expressed in the parent, metres.</summary>
    public Vec3d Translation { get; }

    /// <summary>Composition <c>a * b</c>: apply b, then a.</summary>
    public static Transform3d operator *(Transform3d a, Transform3d b) =>
        new(a.Rotation * b.Rotation, a.Rotation.Transform(b.Translation) + a.Translation);

    /// <summary>Maps a point from the child frame into the parent frame (rotation and translation).</summary>
    public Vec3d TransformPoint(Vec3d point) => Rotation.Transform(point) + Translation;

    /// <summary>Maps a direction (free vector) from the child frame into the parent frame (rotation only).</summary>
    public Vec3d TransformDirection(Vec3d direction) => Rotation.Transform(direction);

    /// <summary>The inverse: <c>T_b_a</c> for <c>T_a_b</c>.</summary>
    public Transform3d Inverse()
    {
        Mat3d inverseRotation = Rotation.Transpose();
        return new Transform3d(inverseRotation, -inverseRotation.Transform(Translation));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{{R = {Rotation}, t = {Translation}}}";
}
