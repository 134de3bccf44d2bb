using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Targeting;

/// <summary>
/// Places a person's torso centre (the midpoint of the shoulders' and the hips' midpoints) in the
/// camera's optical frame from a BlazePose estimate: its range from the torso's metric vector (world
/// landmarks) against its pixel ends through the pinhole intrinsics, or, without world landmarks,
/// its bearing at a fallback range. Allocation-free; called from the compute thread.
/// </summary>
/// <remarks>
/// BlazePose's world landmarks have axes parallel to the optical frame, so the torso vector d
/// (hips' midpoint to shoulders' midpoint, metres) is known in camera axes; with the pixels of both
/// ends, the hips' depth follows from the projection equations (see
/// <see cref="TryPlaceFromWorldLandmarks"/>). That is the pinhole relation Z = f · length / pixels
/// for a torso square to the axis, and stays exact for one leaning, turned or far off the axis.
/// </remarks>
public sealed class PersonLocalizer
{
    /// <summary>The torso's landmarks, in <see cref="BodyLandmark"/> indices.</summary>
    private const int LeftShoulder = (int)BodyLandmark.LeftShoulder, RightShoulder = (int)BodyLandmark.RightShoulder,
        LeftHip = (int)BodyLandmark.LeftHip, RightHip = (int)BodyLandmark.RightHip;

    /// <summary>Shortest pixel torso that gives a range, px: below it a pixel of noise is a large share of the length.</summary>
    private const double MinTorsoPx = 8;

    /// <summary>Shortest metric torso that gives a range, metres.</summary>
    private const double MinTorsoM = 0.05;

    /// <summary>Nearest range accepted from the landmarks, metres: anything closer is a contradiction between the 2D and 3D landmarks.</summary>
    private const double MinRangeM = 0.1;

    private readonly PinholeCamera _camera;
    private readonly float _minVisibility;

    /// <summary>Creates a localizer for a camera's intrinsics.</summary>
    /// <param name="camera">The camera the keypoints' pixels belong to.</param>
    /// <param name="minVisibility">Least visibility (keypoint confidence, 0..1) of a torso landmark to use it.</param>
    public PersonLocalizer(PinholeCamera camera, float minVisibility)
    {
        _camera = camera;
        _minVisibility = minVisibility;
    }

    /// <summary>
    /// Estimates the torso centre in the optical frame (metres). Needs at least one confident
    /// shoulder and one confident hip; the range is measured when both shoulders and both hips are
    /// confident and the estimate carries world landmarks, else it is <paramref name="fallbackRangeM"/>.
    /// Real-time safe.
    /// </summary>
    /// <param name="estimate">The estimate (keypoints in frame pixels in BlazePose order).</param>
    /// <param name="fallbackRangeM">Range to assume when it cannot be measured, metres.</param>
    /// <param name="torsoInCamera">The torso centre, optical frame, metres.</param>
    /// <param name="rangeMeasured">Whether the range came from the image.</param>
    /// <returns>false when nobody is seen (too few keypoints or no confident shoulder and hip).</returns>
    public bool TryLocate(in PoseEstimate estimate, double fallbackRangeM, out Vec3d torsoInCamera, out bool rangeMeasured)
    {
        torsoInCamera = default;
        rangeMeasured = false;
        if (estimate.KeypointCount <= RightHip)
        {
            return false;
        }

        bool ls = Confident(estimate, LeftShoulder), rs = Confident(estimate, RightShoulder);
        bool lh = Confident(estimate, LeftHip), rh = Confident(estimate, RightHip);
        if (!(ls || rs) || !(lh || rh))
        {
            return false;
        }

        // The centre of each pair from what is visible of it, then the torso centre between them,
        // so that one hidden hip does not pull the centre towards the shoulders.
        (double su, double sv) = PairCentre(estimate, ls, rs, LeftShoulder, RightShoulder);
        (double hu, double hv) = PairCentre(estimate, lh, rh, LeftHip, RightHip);
        if (ls && rs && lh && rh && estimate.WorldLandmarkCount > RightHip
            && TryPlaceFromWorldLandmarks(estimate, su, sv, hu, hv, out torsoInCamera))
        {
            rangeMeasured = true;
            return true;
        }

        torsoInCamera = _camera.Unproject(0.5 * (su + hu), 0.5 * (sv + hv)) * fallbackRangeM;
        return true;
    }

    /// <summary>
    /// Solves the depth of the hips' midpoint h = Z·(xh, yh, 1) so that h + d (d: the torso vector
    /// from the world landmarks, hips' midpoint to shoulders' midpoint, in optical axes) projects onto
    /// the shoulders' pixel midpoint (xs, ys): xs·(Z + dz) = Z·xh + dx and the same in y, solved
    /// together in least squares. Exact for any pose and any place in the image, not only for a
    /// torso square to the optical axis, up to one approximation: each pair's pixel midpoint stands
    /// for the projection of its 3D midpoint (off by a·b / Z² rad for a half-width a and a depth
    /// difference b between the pair). The torso centre is then h + d / 2.
    /// </summary>
    private bool TryPlaceFromWorldLandmarks(in PoseEstimate estimate, double su, double sv, double hu, double hv, out Vec3d torsoInCamera)
    {
        torsoInCamera = default;
        WorldLandmark wls = estimate.WorldLandmarks[LeftShoulder], wrs = estimate.WorldLandmarks[RightShoulder];
        WorldLandmark wlh = estimate.WorldLandmarks[LeftHip], wrh = estimate.WorldLandmarks[RightHip];
        var d = new Vec3d(
            0.5 * ((wls.XM + wrs.XM) - (wlh.XM + wrh.XM)),
            0.5 * ((wls.YM + wrs.YM) - (wlh.YM + wrh.YM)),
            0.5 * ((wls.ZM + wrs.ZM) - (wlh.ZM + wrh.ZM)));
        double torsoPx = Math.Sqrt((su - hu) * (su - hu) + (sv - hv) * (sv - hv));
        if (torsoPx < MinTorsoPx || d.Length < MinTorsoM)
        {
            return false;
        }

        double xs = (su - _camera.Cx) / _camera.Fx, ys = (sv - _camera.Cy) / _camera.Fy;
        double xh = (hu - _camera.Cx) / _camera.Fx, yh = (hv - _camera.Cy) / _camera.Fy;
        double ex = xs - xh, ey = ys - yh;
        double depthM = (ex * (d.X - xs * d.Z) + ey * (d.Y - ys * d.Z)) / (ex * ex + ey * ey);
        if (!(depthM > MinRangeM))
        {
            return false; // Inconsistent landmarks (the torso points the other way in 3D than in the image).
        }

        torsoInCamera = new Vec3d(xh * depthM, yh * depthM, depthM) + d * 0.5;
        return true;
    }

    private bool Confident(in PoseEstimate estimate, int index) => estimate.Keypoints[index].Confidence >= _minVisibility;

    private static (double U, double V) PairCentre(in PoseEstimate estimate, bool left, bool right, int leftIndex, int rightIndex)
    {
        Keypoint l = estimate.Keypoints[leftIndex], r = estimate.Keypoints[rightIndex];
        if (left && right)
        {
            return (0.5 * (l.XPx + r.XPx), 0.5 * (l.YPx + r.YPx));
        }

        return left ? (l.XPx, l.YPx) : (r.XPx, r.YPx);
    }
}
