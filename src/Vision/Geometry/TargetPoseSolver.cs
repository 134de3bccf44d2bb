using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Geometry;

/// <summary>
/// Solves a target's 3D pose in the camera frame from its 2D keypoints, the camera intrinsics and
/// the target's known geometry (OpenCV solvePnP with Levenberg–Marquardt refinement through the
/// bridge), with the pose covariance from the projection Jacobian for a stated keypoint noise.
/// One instance per perception thread; <see cref="TrySolve"/> allocates no managed memory (OpenCV
/// works on native scratch memory inside the call).
/// </summary>
public sealed unsafe class TargetPoseSolver
{
    /// <summary>Fewest keypoints a pose is solved from.</summary>
    public const int MinKeypoints = 4;

    private readonly double[] _cameraMatrix = new double[9];
    private readonly double[]? _distortion;
    private readonly Vec3d[] _model;
    private readonly double[] _objectPoints;
    private readonly double[] _imagePoints;
    private readonly double[] _rvec = new double[3];
    private readonly double[] _tvec = new double[3];
    private readonly double[] _covariance = new double[36];
    private readonly PnpMethod _method;

    /// <summary>Creates a solver.</summary>
    /// <param name="camera">Intrinsics, pixels.</param>
    /// <param name="modelPoints">The target's keypoints in its own frame, metres, in keypoint order.</param>
    /// <param name="keypointSigmaPx">Assumed one-sigma keypoint noise, pixels, &gt; 0 (drives the covariance).</param>
    /// <param name="distortion">k1 k2 p1 p2 k3, or null for an ideal pinhole.</param>
    /// <param name="method">PnP method. SQPnP (the default) is globally optimal for any layout; OpenCV 4.6.0's IPPE picks the wrong one of its two planar solutions for a square seen face-on (measured), so it is not the default.</param>
    public TargetPoseSolver(PinholeCamera camera, ReadOnlySpan<Vec3d> modelPoints, double keypointSigmaPx = 0.5,
        double[]? distortion = null, PnpMethod method = PnpMethod.SqPnp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modelPoints.Length, MinKeypoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(modelPoints.Length, KeypointSet.Capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keypointSigmaPx);
        if (distortion is not null && distortion.Length != 5)
        {
            throw new ArgumentException("distortion needs five coefficients: k1 k2 p1 p2 k3");
        }

        _cameraMatrix[0] = camera.Fx;
        _cameraMatrix[2] = camera.Cx;
        _cameraMatrix[4] = camera.Fy;
        _cameraMatrix[5] = camera.Cy;
        _cameraMatrix[8] = 1;
        _distortion = distortion;
        _model = modelPoints.ToArray();
        _objectPoints = new double[3 * _model.Length];
        _imagePoints = new double[2 * _model.Length];
        _method = method;
        KeypointSigmaPx = keypointSigmaPx;
    }

    /// <summary>The keypoint noise the covariance assumes, pixels.</summary>
    public double KeypointSigmaPx { get; }

    /// <summary>
    /// The four-marker square target: marker i at (right, up) = (∓s/2, ±s/2) in keypoint order
    /// top-left, top-right, bottom-right, bottom-left, in a frame with x right, y up, z = x × y
    /// (out of the plate's face, toward the viewer).
    /// </summary>
    public static Vec3d[] SquareTarget(double spacingM)
    {
        double h = 0.5 * spacingM;
        return [new(-h, h, 0), new(h, h, 0), new(h, -h, 0), new(-h, -h, 0)];
    }

    /// <summary>
    /// Solves the pose from the keypoints at or above <paramref name="minConfidence"/>; fills
    /// <paramref name="pose"/> (and returns true) when at least <see cref="MinKeypoints"/> are and
    /// OpenCV finds a solution. Real-time safe on the managed side.
    /// </summary>
    public bool TrySolve(in KeypointSet keypoints, int keypointCount, float minConfidence, ref TargetPose pose)
    {
        pose.Valid = false;
        int n = 0;
        int count = Math.Min(keypointCount, _model.Length);
        for (int k = 0; k < count; k++)
        {
            Keypoint p = keypoints[k];
            if (p.Confidence < minConfidence)
            {
                continue;
            }

            _objectPoints[3 * n] = _model[k].X;
            _objectPoints[3 * n + 1] = _model[k].Y;
            _objectPoints[3 * n + 2] = _model[k].Z;
            _imagePoints[2 * n] = p.XPx;
            _imagePoints[2 * n + 1] = p.YPx;
            n++;
        }

        pose.KeypointsUsed = n;
        if (n < MinKeypoints)
        {
            return false;
        }

        double rms;
        int status;
        fixed (double* objects = _objectPoints, images = _imagePoints, k = _cameraMatrix, d = _distortion, r = _rvec, t = _tvec, c = _covariance)
        {
            status = OpenCvNative.SolvePnp(objects, images, n, k, d, (int)_method, 0, KeypointSigmaPx, r, t, &rms, c);
        }

        if (status == (int)OpenCvStatus.NotFound)
        {
            return false;
        }

        OpenCvException.ThrowIfFailed(status);
        pose.RotationXRad = _rvec[0];
        pose.RotationYRad = _rvec[1];
        pose.RotationZRad = _rvec[2];
        pose.XM = _tvec[0];
        pose.YM = _tvec[1];
        pose.ZM = _tvec[2];
        pose.ReprojectionRmsPx = rms;
        for (int i = 0; i < 36; i++)
        {
            pose.Covariance[i] = _covariance[i];
        }

        pose.Valid = true;
        return true;
    }

    /// <summary>The rotation matrix (target → camera) of a rotation vector, (Rodrigues).</summary>
    public static Mat3d RotationMatrix(double rx, double ry, double rz)
    {
        double angle = Math.Sqrt(rx * rx + ry * ry + rz * rz);
        if (angle < 1e-12)
        {
            return Mat3d.Identity;
        }

        return Mat3d.FromAxisAngle(new Vec3d(rx / angle, ry / angle, rz / angle), angle);
    }
}
