using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Tests;

/// <summary>
/// A standing person as a 3D skeleton of the 33 BlazePose landmarks, facing a chosen direction,
/// projected through a pinhole camera into the estimate BlazePose would give for it: pixels with
/// visibility, and world landmarks (metres, hips' midpoint at the origin, axes of the optical frame).
/// </summary>
internal static class SyntheticPerson
{
    /// <summary>
    /// Landmark offsets from the torso centre in the person's frame (right, up, forward), metres, for
    /// an adult about 1.75 m tall: shoulders 0.36 m apart, hips 0.24 m, torso (shoulders' midpoint
    /// to hips' midpoint) 0.50 m.
    /// </summary>
    private static readonly (double Right, double Up, double Forward)[] Offsets = BuildOffsets();

    /// <summary>The torso centre's offset is zero by construction: shoulders at +0.25 m, hips at −0.25 m.</summary>
    public const double TorsoLengthM = 0.50;

    private static (double, double, double)[] BuildOffsets()
    {
        var o = new (double, double, double)[KeypointSet.Capacity];
        void Set(BodyLandmark l, double r, double u, double f) => o[(int)l] = (r, u, f);
        Set(BodyLandmark.Nose, 0, 0.55, 0.10);
        Set(BodyLandmark.LeftEyeInner, -0.015, 0.58, 0.09);
        Set(BodyLandmark.LeftEye, -0.03, 0.58, 0.085);
        Set(BodyLandmark.LeftEyeOuter, -0.045, 0.58, 0.08);
        Set(BodyLandmark.RightEyeInner, 0.015, 0.58, 0.09);
        Set(BodyLandmark.RightEye, 0.03, 0.58, 0.085);
        Set(BodyLandmark.RightEyeOuter, 0.045, 0.58, 0.08);
        Set(BodyLandmark.LeftEar, -0.075, 0.56, 0.0);
        Set(BodyLandmark.RightEar, 0.075, 0.56, 0.0);
        Set(BodyLandmark.MouthLeft, -0.025, 0.51, 0.09);
        Set(BodyLandmark.MouthRight, 0.025, 0.51, 0.09);
        // "Left" is the person's own side: at −right in the person's frame.
        Set(BodyLandmark.LeftShoulder, -0.18, 0.25, 0);
        Set(BodyLandmark.RightShoulder, 0.18, 0.25, 0);
        Set(BodyLandmark.LeftElbow, -0.22, -0.02, 0);
        Set(BodyLandmark.RightElbow, 0.22, -0.02, 0);
        Set(BodyLandmark.LeftWrist, -0.24, -0.27, 0.03);
        Set(BodyLandmark.RightWrist, 0.24, -0.27, 0.03);
        Set(BodyLandmark.LeftPinky, -0.25, -0.35, 0.03);
        Set(BodyLandmark.RightPinky, 0.25, -0.35, 0.03);
        Set(BodyLandmark.LeftIndex, -0.24, -0.36, 0.04);
        Set(BodyLandmark.RightIndex, 0.24, -0.36, 0.04);
        Set(BodyLandmark.LeftThumb, -0.22, -0.33, 0.05);
        Set(BodyLandmark.RightThumb, 0.22, -0.33, 0.05);
        Set(BodyLandmark.LeftHip, -0.12, -0.25, 0);
        Set(BodyLandmark.RightHip, 0.12, -0.25, 0);
        Set(BodyLandmark.LeftKnee, -0.11, -0.70, 0.02);
        Set(BodyLandmark.RightKnee, 0.11, -0.70, 0.02);
        Set(BodyLandmark.LeftAnkle, -0.10, -1.12, 0);
        Set(BodyLandmark.RightAnkle, 0.10, -1.12, 0);
        Set(BodyLandmark.LeftHeel, -0.10, -1.16, -0.05);
        Set(BodyLandmark.RightHeel, 0.10, -1.16, -0.05);
        Set(BodyLandmark.LeftFootIndex, -0.11, -1.17, 0.12);
        Set(BodyLandmark.RightFootIndex, 0.11, -1.17, 0.12);
        return o;
    }

    /// <summary>
    /// The estimate of a person whose torso centre is at <paramref name="torsoInBase"/>, standing
    /// upright (+Z up) and facing the base frame's origin, seen by a camera at <paramref name="cameraInBase"/>.
    /// </summary>
    public static PoseEstimate Estimate(PinholeCamera camera, Transform3d cameraInBase, Vec3d torsoInBase, float visibility = 0.95f,
        long captureNs = 0, int trackId = 1)
    {
        Vec3d towardRobot = new Vec3d(-torsoInBase.X, -torsoInBase.Y, 0).Normalized();
        Vec3d up = Vec3d.UnitZ;
        // (right, up, forward) is right-handed, so right = up × forward.
        Vec3d right = up.Cross(towardRobot).Normalized();
        Transform3d baseInCamera = cameraInBase.Inverse();
        var estimate = new PoseEstimate
        {
            KeypointCount = KeypointSet.Capacity,
            WorldLandmarkCount = KeypointSet.Capacity,
            TrackId = trackId,
            TargetsInView = 1,
            Stamp = new FrameStamp(0, captureNs, captureNs),
        };

        Vec3d hipsInCamera = baseInCamera.TransformPoint(torsoInBase + up * -0.25);
        for (int i = 0; i < KeypointSet.Capacity; i++)
        {
            (double r, double u, double f) = Offsets[i];
            Vec3d inBase = torsoInBase + right * r + up * u + towardRobot * f;
            Vec3d inCamera = baseInCamera.TransformPoint(inBase);
            camera.TryProject(inCamera, out double px, out double py);
            estimate.Keypoints[i] = new Keypoint((float)px, (float)py, visibility);
            Vec3d world = inCamera - hipsInCamera;
            estimate.WorldLandmarks[i] = new WorldLandmark((float)world.X, (float)world.Y, (float)world.Z, visibility);
        }

        return estimate;
    }
}
