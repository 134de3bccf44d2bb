using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Targeting;

/// <summary>
/// Places the four-marker target in the camera's optical frame from its keypoints: the bearing of
/// the markers' mean pixel, and the range from the apparent length of the square's sides
/// (depth ≈ f · spacing / side in pixels). Allocation-free.
/// </summary>
public sealed class TargetLocalizer
{
    /// <summary>Adjacent marker pairs (the square's sides), in keypoint indices.</summary>
    private static readonly (int A, int B)[] Sides = [(0, 1), (1, 2), (2, 3), (3, 0)];

    private readonly PinholeCamera _camera;
    private readonly double _spacingM;
    private readonly float _minConfidence;

    /// <summary>Creates a localizer for a target whose markers form a square of side <paramref name="spacingM"/>.</summary>
    public TargetLocalizer(PinholeCamera camera, double spacingM, float minConfidence)
    {
        _camera = camera;
        _spacingM = spacingM;
        _minConfidence = minConfidence;
    }

    /// <summary>
    /// Estimates the target centre in the optical frame (metres): the solved 3D pose's origin when the
    /// estimate carries one (<see cref="TargetPose.Valid"/>), otherwise the keypoints' centroid at the
    /// range their side lengths give. When no side is visible the range is <paramref name="fallbackRangeM"/>.
    /// </summary>
    /// <param name="estimate">The pose estimate (keypoints in frame pixels).</param>
    /// <param name="fallbackRangeM">Range to assume when it cannot be measured, metres.</param>
    /// <param name="centreInCamera">The target centre, optical frame, metres.</param>
    /// <param name="confidentKeypoints">How many keypoints passed the confidence threshold.</param>
    /// <param name="rangeMeasured">Whether the range came from the image.</param>
    /// <returns>false when no keypoint is confident enough.</returns>
    public bool TryLocate(in PoseEstimate estimate, double fallbackRangeM, out Vec3d centreInCamera, out int confidentKeypoints, out bool rangeMeasured)
    {
        if (estimate.Target.Valid)
        {
            // A solved 3D pose (PnP on the target's known geometry) beats the centroid-and-side-length estimate.
            centreInCamera = new Vec3d(estimate.Target.XM, estimate.Target.YM, estimate.Target.ZM);
            confidentKeypoints = estimate.Target.KeypointsUsed;
            rangeMeasured = true;
            return true;
        }

        double sumU = 0, sumV = 0;
        int count = 0, mask = 0;
        for (int i = 0; i < estimate.KeypointCount; i++)
        {
            Keypoint k = estimate.Keypoints[i];
            if (k.Confidence >= _minConfidence)
            {
                sumU += k.XPx;
                sumV += k.YPx;
                count++;
                mask |= 1 << i;
            }
        }

        confidentKeypoints = count;
        rangeMeasured = false;
        if (count == 0)
        {
            centreInCamera = default;
            return false;
        }

        double sideSumPx = 0;
        int sides = 0;
        if (estimate.KeypointCount >= 4)
        {
            foreach ((int a, int b) in Sides)
            {
                if ((mask & (1 << a)) != 0 && (mask & (1 << b)) != 0)
                {
                    Keypoint ka = estimate.Keypoints[a], kb = estimate.Keypoints[b];
                    double dx = ka.XPx - kb.XPx, dy = ka.YPx - kb.YPx;
                    sideSumPx += Math.Sqrt(dx * dx + dy * dy);
                    sides++;
                }
            }
        }

        double rangeM = fallbackRangeM;
        if (sides > 0 && sideSumPx > 1)
        {
            double focal = 0.5 * (_camera.Fx + _camera.Fy);
            rangeM = focal * _spacingM / (sideSumPx / sides);
            rangeMeasured = true;
        }

        centreInCamera = _camera.Unproject(sumU / count, sumV / count) * rangeM;
        return true;
    }
}
