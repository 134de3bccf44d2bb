using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Urdf;

/// <summary>
/// A URDF <c>&lt;joint&gt;</c>. The joint frame sits at <see cref="Origin"/> in the parent link's
/// frame; at zero position the child link's frame coincides with the joint frame, and the joint
/// moves the child about (or along) <see cref="Axis"/>, which is expressed in the joint frame.
/// </summary>
public sealed class UrdfJoint
{
    /// <summary>Creates a joint; the parser checks the links exist and the tree is well formed.</summary>
    /// <param name="name">Unique joint name within its robot.</param>
    /// <param name="type">Joint type.</param>
    /// <param name="parent">Name of the parent link.</param>
    /// <param name="child">Name of the child link.</param>
    /// <param name="origin">Pose of the joint frame in the parent link's frame (metres).</param>
    /// <param name="axis">Motion axis in the joint frame; normalised here, must not be zero.</param>
    /// <param name="limits">Limits; required for revolute and prismatic joints, optional otherwise.</param>
    /// <param name="lineNumber">Line of the element in its source, 0 when unknown.</param>
    public UrdfJoint(
        string name,
        JointType type,
        string parent,
        string child,
        Transform3d origin,
        Vec3d axis,
        JointLimits? limits,
        int lineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(parent);
        ArgumentException.ThrowIfNullOrEmpty(child);
        if (axis.LengthSquared == 0)
        {
            throw new ArgumentException($"joint '{name}' has a zero axis", nameof(axis));
        }

        if (limits is null && type is JointType.Revolute or JointType.Prismatic)
        {
            throw new ArgumentException($"{type} joint '{name}' needs limits", nameof(limits));
        }

        Name = name;
        Type = type;
        Parent = parent;
        Child = child;
        Origin = origin;
        Axis = axis.Normalized();
        Limits = limits;
        LineNumber = lineNumber;
    }

    /// <summary>Unique joint name within its robot.</summary>
    public string Name { get; }

    /// <summary>Joint type.</summary>
    public JointType Type { get; }

    /// <summary>Name of the parent link.</summary>
    public string Parent { get; }

    /// <summary>Name of the child link.</summary>
    public string Child { get; }

    /// <summary>
    /// Pose of the joint frame in the parent link's frame, from <c>&lt;origin xyz rpy&gt;</c>
    /// (metres; rotation <c>Rz(yaw) · Ry(pitch) · Rx(roll)</c>). Identity when absent.
    /// </summary>
    public Transform3d Origin { get; }

    /// <summary>Unit motion axis in the joint frame; (1, 0, 0) when absent. Meaningless for fixed joints.</summary>
    public Vec3d Axis { get; }

    /// <summary>
    /// Limits from <c>&lt;limit&gt;</c>: always present for revolute and prismatic joints, present for a
    /// continuous joint only when its file gives speed and effort limits (its position bounds are
    /// then infinite), null for fixed joints.
    /// </summary>
    public JointLimits? Limits { get; }

    /// <summary>Whether the joint moves (revolute, continuous or prismatic).</summary>
    public bool IsActive => Type != JointType.Fixed;

    /// <summary>Line of the <c>&lt;joint&gt;</c> element in its source, 0 when unknown (for diagnostics).</summary>
    public int LineNumber { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type}: {Parent} -> {Child})";
}
