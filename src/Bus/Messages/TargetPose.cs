using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Messages;

/// <summary>
/// A target's 3D pose in the camera's optical frame (REP 103: +Z forward, +X right, +Y down;
/// metres), solved from its keypoints and its known geometry, with the uncertainty the planner
/// should give it. An unmanaged struct carried inside <see cref="PoseEstimate"/>.
/// </summary>
public struct TargetPose
{
    /// <summary>Whether the pose was solved for this frame; the other fields are meaningless when false.</summary>
    public bool Valid;

    /// <summary>Target origin in the camera frame, metres.</summary>
    public double XM;

    /// <summary>Target origin y, metres.</summary>
    public double YM;

    /// <summary>Target origin z (depth), metres.</summary>
    public double ZM;

    /// <summary>Target orientation as a rotation vector (axis × angle, radians), target → camera.</summary>
    public double RotationXRad;

    /// <summary>Rotation vector y, radians.</summary>
    public double RotationYRad;

    /// <summary>Rotation vector z, radians.</summary>
    public double RotationZRad;

    /// <summary>RMS distance between the keypoints and the solved pose's projection of the target, pixels.</summary>
    public double ReprojectionRmsPx;

    /// <summary>Keypoints the pose was solved from.</summary>
    public int KeypointsUsed;

    /// <summary>
    /// Covariance of (rotation x, y, z [rad], translation x, y, z [m]), 6×6 row-major, from the
    /// projection Jacobian at the solution and the assumed keypoint noise.
    /// </summary>
    public PoseCovariance Covariance;

    /// <summary>One-sigma position uncertainty, metres: the square root of the translation covariance's trace.</summary>
    public readonly double PositionSigmaM => Math.Sqrt(Math.Max(0, Covariance[21] + Covariance[28] + Covariance[35]));

    /// <summary>One-sigma rotation uncertainty, radians: the square root of the rotation covariance's trace.</summary>
    public readonly double RotationSigmaRad => Math.Sqrt(Math.Max(0, Covariance[0] + Covariance[7] + Covariance[14]));
}

/// <summary>Inline storage of a 6×6 covariance, row-major.</summary>
[InlineArray(36)]
public struct PoseCovariance
{
    private double _element0;
}
