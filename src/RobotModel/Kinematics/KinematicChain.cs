using System.Diagnostics.CodeAnalysis;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Kinematics;

/// <summary>
/// The serial chain of joints from a base link down to a tip link of a <see cref="RobotDescription"/>,
/// with fixed joints folded into constant transforms. Joint positions are given in
/// <see cref="ActiveJoints"/> order (base to tip): radians for revolute and continuous joints, metres
/// for prismatic ones. Poses are expressed in the base link's frame, metres.
/// Construction allocates; every other member is real-time safe (no allocation, no blocking) and,
/// the chain being immutable, may be called from any number of threads at once.
/// </summary>
public sealed class KinematicChain
{
    /// <summary>Per active joint: pose of its joint frame in the previous active joint's moved frame (the base frame for the first).</summary>
    private readonly Transform3d[] _jointOffsets;

    /// <summary>Per active joint: unit motion axis in its own joint frame.</summary>
    private readonly Vec3d[] _axes;

    /// <summary>Per active joint: true when it translates along its axis rather than rotating about it.</summary>
    private readonly bool[] _isPrismatic;

    /// <summary>Per active joint: lowest position (−∞ for continuous joints).</summary>
    private readonly double[] _lower;

    /// <summary>Per active joint: highest position (+∞ for continuous joints); never below <see cref="_lower"/>.</summary>
    private readonly double[] _upper;

    /// <summary>Pose of the tip frame in the last active joint's moved frame (in the base frame when there is none).</summary>
    private readonly Transform3d _tipOffset;

    private KinematicChain(string baseLink, string tipLink, UrdfJoint[] activeJoints, Transform3d[] jointOffsets, Transform3d tipOffset)
    {
        BaseLink = baseLink;
        TipLink = tipLink;
        ActiveJoints = activeJoints;
        _jointOffsets = jointOffsets;
        _tipOffset = tipOffset;
        int n = activeJoints.Length;
        _axes = new Vec3d[n];
        _isPrismatic = new bool[n];
        _lower = new double[n];
        _upper = new double[n];
        for (int i = 0; i < n; i++)
        {
            UrdfJoint joint = activeJoints[i];
            _axes[i] = joint.Axis;
            _isPrismatic[i] = joint.Type == JointType.Prismatic;
            bool bounded = joint.Type != JointType.Continuous && joint.Limits is not null;
            _lower[i] = bounded ? joint.Limits!.LowerRad : double.NegativeInfinity;
            _upper[i] = bounded ? joint.Limits!.UpperRad : double.PositiveInfinity;
        }
    }

    /// <summary>Name of the link whose frame the poses are expressed in.</summary>
    public string BaseLink { get; }

    /// <summary>Name of the link whose frame the chain ends at.</summary>
    public string TipLink { get; }

    /// <summary>Number of moving joints between base and tip (0 when only fixed joints separate them).</summary>
    public int DofCount => _axes.Length;

    /// <summary>The revolute, continuous and prismatic joints from base to tip: the order of every joint-position span.</summary>
    public IReadOnlyList<UrdfJoint> ActiveJoints { get; }

    /// <summary>Lowest position per active joint (radians or metres; −∞ for continuous joints).</summary>
    public ReadOnlySpan<double> LowerLimits => _lower;

    /// <summary>Highest position per active joint (radians or metres; +∞ for continuous joints).</summary>
    public ReadOnlySpan<double> UpperLimits => _upper;

    /// <summary>
    /// Extracts the chain from <paramref name="baseLink"/> down to <paramref name="tipLink"/>. Allocates;
    /// call at start-up.
    /// </summary>
    /// <exception cref="ArgumentException">A link is unknown, or <paramref name="baseLink"/> is not
    /// <paramref name="tipLink"/> or one of its ancestors, so no parent-to-child path joins them.</exception>
    public static KinematicChain FromDescription(RobotDescription description, string baseLink, string tipLink)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(baseLink);
        ArgumentNullException.ThrowIfNull(tipLink);
        if (!description.HasLink(baseLink))
        {
            throw new ArgumentException($"robot '{description.Name}' has no link '{baseLink}'", nameof(baseLink));
        }

        if (!description.HasLink(tipLink))
        {
            throw new ArgumentException($"robot '{description.Name}' has no link '{tipLink}'", nameof(tipLink));
        }

        var path = new List<UrdfJoint>();
        string link = tipLink;
        while (link != baseLink)
        {
            if (!description.TryGetParentJoint(link, out UrdfJoint joint))
            {
                throw new ArgumentException(
                    $"robot '{description.Name}' has no chain from '{baseLink}' to '{tipLink}': '{baseLink}' is not an ancestor of '{tipLink}'",
                    nameof(baseLink));
            }

            path.Add(joint);
            link = joint.Parent;
        }

        path.Reverse();
        var active = new List<UrdfJoint>();
        var offsets = new List<Transform3d>();
        Transform3d pending = Transform3d.Identity;
        foreach (UrdfJoint joint in path)
        {
            pending *= joint.Origin;
            if (joint.IsActive)
            {
                active.Add(joint);
                offsets.Add(pending);
                pending = Transform3d.Identity;
            }
        }

        return new KinematicChain(baseLink, tipLink, [.. active], [.. offsets], pending);
    }

    /// <summary>
    /// Pose of the tip frame in the base frame for the given joint positions. Real-time safe.
    /// </summary>
    /// <param name="jointPositions">At least <see cref="DofCount"/> positions in <see cref="ActiveJoints"/> order; extra entries are ignored. Not clamped.</param>
    public Transform3d ComputeTipPose(ReadOnlySpan<double> jointPositions)
    {
        RequireLength(jointPositions.Length, nameof(jointPositions));
        Transform3d pose = Transform3d.Identity;
        for (int i = 0; i < _axes.Length; i++)
        {
            pose = pose * _jointOffsets[i] * JointMotion(i, jointPositions[i]);
        }

        return pose * _tipOffset;
    }

    /// <summary>
    /// Everything a Jacobian needs, in the base frame: each active joint's unit axis and the origin of
    /// its joint frame, and the tip pose. Column i of the tip's geometric Jacobian is then
    /// <c>(axis × (tipOrigin − origin), axis)</c> for a rotating joint and <c>(axis, 0)</c> for a prismatic one.
    /// Real-time safe.
    /// </summary>
    /// <param name="q">At least <see cref="DofCount"/> positions in <see cref="ActiveJoints"/> order. Not clamped.</param>
    /// <param name="axisInBase">Receives <see cref="DofCount"/> unit axes, base frame.</param>
    /// <param name="originInBase">Receives <see cref="DofCount"/> joint-frame origins, base frame, metres.</param>
    /// <param name="tip">Pose of the tip frame in the base frame.</param>
    public void ComputeJointFrames(ReadOnlySpan<double> q, Span<Vec3d> axisInBase, Span<Vec3d> originInBase, out Transform3d tip)
    {
        RequireLength(q.Length, nameof(q));
        RequireLength(axisInBase.Length, nameof(axisInBase));
        RequireLength(originInBase.Length, nameof(originInBase));
        Transform3d pose = Transform3d.Identity;
        for (int i = 0; i < _axes.Length; i++)
        {
            pose *= _jointOffsets[i];
            axisInBase[i] = pose.Rotation.Transform(_axes[i]);
            originInBase[i] = pose.Translation;
            pose *= JointMotion(i, q[i]);
        }

        tip = pose * _tipOffset;
    }

    /// <summary>
    /// Clamps the first <see cref="DofCount"/> positions into each joint's limits (continuous joints are
    /// left as they are). Real-time safe.
    /// </summary>
    public void ClampToLimits(Span<double> q)
    {
        RequireLength(q.Length, nameof(q));
        for (int i = 0; i < _axes.Length; i++)
        {
            q[i] = Math.Clamp(q[i], _lower[i], _upper[i]);
        }
    }

    /// <summary>Motion of active joint <paramref name="i"/> at <paramref name="position"/>: child frame in joint frame.</summary>
    private Transform3d JointMotion(int i, double position) => _isPrismatic[i]
        ? new Transform3d(Mat3d.Identity, _axes[i] * position)
        : new Transform3d(Mat3d.FromAxisAngle(_axes[i], position), Vec3d.Zero);

    private void RequireLength(int length, string parameterName)
    {
        if (length < _axes.Length)
        {
            ThrowTooShort(length, _axes.Length, parameterName);
        }
    }

    [DoesNotReturn]
    private static void ThrowTooShort(int length, int dofCount, string parameterName) =>
        throw new ArgumentException($"span has {length} entries; the chain has {dofCount} joints", parameterName);
}
