using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using ExceptionStatus = OpenCvSharp.Internal.ExceptionStatus;
using MatType = OpenCvSharp.MatType;
using OpenCvSharp.Internal;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Geometry;

/// <summary>
/// Solves a target's 3D pose in the camera frame from its 2D keypoints, the camera intrinsics and
/// the target's known geometry (OpenCV solvePnP, then refined by Levenberg–Marquardt from that
/// start), with the pose covariance from the projection Jacobian for a stated keypoint noise.
/// One instance per perception thread; <see cref="TrySolve"/> allocates no managed memory: OpenCV
/// reads and writes this solver's arrays through native Mat headers made for the call (OpenCV works
/// on native scratch memory inside it).
/// </summary>
public sealed unsafe class TargetPoseSolver : ITargetPoseSolver
{
    /// <summary>Fewest keypoints a pose is solved from.</summary>
    public const int MinKeypoints = 4;

    /// <summary>Columns of projectPoints' Jacobian with five distortion coefficients: d(u,v)/d(rvec, tvec, f, c, k).</summary>
    private const int JacobianColumns = 15;

    /// <summary>OpenCV's DECOMP_SVD: the pseudo-inverse, and 0 returned for a singular matrix.</summary>
    private const int DecompSvd = 1;

    private readonly double[] _cameraMatrix = new double[9];

    /// <summary>k1 k2 p1 p2 k3; zeros for an ideal pinhole (the same projection as no coefficients).</summary>
    private readonly double[] _distortion = new double[5];
    private readonly Vec3d[] _model;
    private readonly double[] _objectPoints;
    private readonly double[] _imagePoints;
    private readonly double[] _rvec = new double[3];
    private readonly double[] _tvec = new double[3];
    private readonly double[] _covariance = new double[36];
    private readonly double[] _information = new double[36];
    private readonly double[] _projected;
    private readonly double[] _jacobian;
    private readonly PnpMethod _method;

    /// <summary>Creates a solver.</summary>
    /// <param name="camera">Intrinsics, pixels.</param>
    /// <param name="modelPoints">The target's keypoints in its own frame, metres, in keypoint order.</param>
    /// <param name="keypointSigmaPx">Assumed one-sigma keypoint noise, pixels, &gt; 0 (drives the covariance).</param>
    /// <param name="distortion">k1 k2 p1 p2 k3, or null for an ideal pinhole.</param>
    /// <param name="method">PnP method. SQPnP (the default) is globally optimal for any layout; OpenCV's IPPE (measured on 4.6.0) picks the wrong one of its two planar solutions for a square seen face-on, so it is not the default.</param>
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
        distortion?.CopyTo(_distortion, 0);
        _model = modelPoints.ToArray();
        _objectPoints = new double[3 * _model.Length];
        _imagePoints = new double[2 * _model.Length];
        _projected = new double[2 * _model.Length];
        _jacobian = new double[2 * _model.Length * JacobianColumns];
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

        if (!Solve(n))
        {
            return false;
        }

        double sum = 0;
        for (int i = 0; i < 2 * n; i++)
        {
            double d = _projected[i] - _imagePoints[i];
            sum += d * d;
        }

        pose.RotationXRad = _rvec[0];
        pose.RotationYRad = _rvec[1];
        pose.RotationZRad = _rvec[2];
        pose.XM = _tvec[0];
        pose.YM = _tvec[1];
        pose.ZM = _tvec[2];
        pose.ReprojectionRmsPx = Math.Sqrt(sum / n);
        for (int i = 0; i < 36; i++)
        {
            pose.Covariance[i] = _covariance[i];
        }

        pose.Valid = true;
        return true;
    }

    /// <summary>
    /// solvePnP with the configured method, Levenberg–Marquardt refinement from that start, then
    /// projectPoints with its Jacobian and the covariance σ²(JᵀJ)⁻¹ over (rx ry rz tx ty tz) into
    /// <see cref="_covariance"/>; false when OpenCV finds no solution or the pose is not observable.
    /// Real-time safe on the managed side: headers and proxies are native and freed before return.
    /// </summary>
    private bool Solve(int n)
    {
        // OpenCvSharp's entry point drops solvePnP's bool: an output still NaN afterwards means no solution.
        _rvec.AsSpan().Fill(double.NaN);
        _tvec.AsSpan().Fill(double.NaN);
        fixed (double* objects = _objectPoints, images = _imagePoints, k = _cameraMatrix, d = _distortion, r = _rvec, t = _tvec)
        fixed (double* projected = _projected, jacobian = _jacobian)
        {
            // No try/finally on the frame path (see MatHeader): headers are freed before the status is checked.
            MatHeader objectMat = MatHeader.Over(objects, n, 1, MatType.CV_64FC3);
            MatHeader imageMat = MatHeader.Over(images, n, 1, MatType.CV_64FC2);
            MatHeader kMat = MatHeader.Over(k, 3, 3, MatType.CV_64FC1);
            MatHeader dMat = MatHeader.Over(d, 1, 5, MatType.CV_64FC1);
            MatHeader rMat = MatHeader.Over(r, 3, 1, MatType.CV_64FC1);
            MatHeader tMat = MatHeader.Over(t, 3, 1, MatType.CV_64FC1);
            MatHeader projectedMat = MatHeader.Over(projected, n, 1, MatType.CV_64FC2);
            MatHeader jacobianMat = MatHeader.Over(jacobian, 2 * n, JacobianColumns, MatType.CV_64FC1);
            string step = "solvePnP";
            ExceptionStatus status = NativeMethods.calib3d_solvePnP_InputArray(objectMat.Input, imageMat.Input, kMat.Input, dMat.Input,
                rMat.Output, tMat.Output, 0, (int)_method);
            bool solved = status == ExceptionStatus.NotOccurred && Finite(_rvec) && Finite(_tvec);
            if (solved)
            {
                // OpenCV's iterative method with the extrinsic guess is its Levenberg–Marquardt refinement.
                step = "solvePnP refinement";
                status = NativeMethods.calib3d_solvePnP_InputArray(objectMat.Input, imageMat.Input, kMat.Input, dMat.Input,
                    rMat.Output, tMat.Output, 1, (int)PnpMethod.Iterative);
            }

            if (solved && status == ExceptionStatus.NotOccurred)
            {
                step = "projectPoints";
                status = NativeMethods.calib3d_projectPoints_InputArray(objectMat.Input, rMat.Input, tMat.Input, kMat.Input, dMat.Input,
                    projectedMat.Output, jacobianMat.Output, 0);
            }

            bool intact = rMat.StillOver() && tMat.StillOver() && projectedMat.StillOver() && jacobianMat.StillOver();
            jacobianMat.Dispose();
            projectedMat.Dispose();
            tMat.Dispose();
            rMat.Dispose();
            dMat.Dispose();
            kMat.Dispose();
            imageMat.Dispose();
            objectMat.Dispose();
            OpenCvCall.Check(status, step);
            if (!intact)
            {
                ThrowReallocated();
            }

            if (!solved)
            {
                return false;
            }

            // Information matrix JᵀJ over the pose columns 0..5 of the Jacobian.
            for (int a = 0; a < 6; a++)
            {
                for (int b = 0; b < 6; b++)
                {
                    double sum = 0;
                    for (int row = 0; row < 2 * n; row++)
                    {
                        sum += jacobian[row * JacobianColumns + a] * jacobian[row * JacobianColumns + b];
                    }

                    _information[6 * a + b] = sum;
                }
            }
        }

        if (!Invert())
        {
            return false;
        }

        double variance = KeypointSigmaPx * KeypointSigmaPx;
        for (int i = 0; i < 36; i++)
        {
            _covariance[i] *= variance;
        }

        return true;
    }

    /// <summary>Covariance = (information)⁻¹ by SVD into <see cref="_covariance"/>; false when singular (the pose is not observable). Real-time safe.</summary>
    private bool Invert()
    {
        double conditioning;
        ExceptionStatus status;
        bool intact;
        fixed (double* information = _information, covariance = _covariance)
        {
            MatHeader informationMat = MatHeader.Over(information, 6, 6, MatType.CV_64FC1);
            MatHeader covarianceMat = MatHeader.Over(covariance, 6, 6, MatType.CV_64FC1);
            status = NativeMethods.core_invert(informationMat.Input, covarianceMat.Output, DecompSvd, out conditioning);
            intact = covarianceMat.StillOver();
            covarianceMat.Dispose();
            informationMat.Dispose();
        }

        OpenCvCall.Check(status, "invert");
        if (!intact)
        {
            ThrowReallocated();
        }

        return conditioning > 0;
    }

    private static bool Finite(double[] values) => double.IsFinite(values[0]) && double.IsFinite(values[1]) && double.IsFinite(values[2]);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowReallocated() =>
        throw new OpenCvException(OpenCvStatus.SizeMismatch, "solvePnP: OpenCV reallocated an output instead of writing into the solver's arrays");

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
