using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Scenarios;

namespace RobotEdge.Sim.Scene;

/// <summary>
/// A person in the simulated scene: a <see cref="PersonPhoto"/> on a flat rectangle that stands
/// upright (+Z up) and faces the robot's base origin, its centre moving along a scripted path. The
/// photo's pixel (u, v) sits at centre + right · (u / width − ½) · <see cref="WidthM"/> +
/// up · (½ − v / height) · <see cref="HeightM"/>, with "right" as the robot sees it; a labelled
/// landmark is carried through the same map, which is the simulator's landmark ground truth.
/// Pure functions of time; allocation-free; any thread.
/// </summary>
public sealed class PersonBillboard
{
    /// <summary>Least visibility of a labelled torso landmark for the torso centre to come from the labels.</summary>
    private const float MinTorsoVisibility = 0.5f;

    private readonly TargetTrajectory _trajectory;
    private readonly PersonDefinition _definition;

    /// <summary>Creates the person of a scenario from their picture.</summary>
    public PersonBillboard(PersonDefinition definition, PersonPhoto photo)
    {
        Photo = photo;
        _definition = definition;
        _trajectory = new TargetTrajectory(definition.Waypoints, definition.Loop);
        HeightM = definition.HeightM;
        WidthM = definition.HeightM * photo.Width / photo.Height;
    }

    /// <summary>The picture and its labels.</summary>
    public PersonPhoto Photo { get; }

    /// <summary>Height of the billboard, metres.</summary>
    public double HeightM { get; }

    /// <summary>Width of the billboard, metres (the photo's aspect ratio kept).</summary>
    public double WidthM { get; }

    /// <summary>Whether the person is in the scene at <paramref name="timeS"/> (not in one of the scenario's absence windows).</summary>
    public bool PresentAt(double timeS) => _definition.PresentAt(timeS);

    /// <summary>The billboard's centre, and its unit axes "right" (as the robot sees it) and "up", base frame, at <paramref name="timeS"/>.</summary>
    public void PoseAt(double timeS, out Vec3d centre, out Vec3d right, out Vec3d up)
    {
        centre = _trajectory.PositionAt(timeS);
        Vec3d towardRobot = new Vec3d(-centre.X, -centre.Y, 0).Normalized();
        right = Vec3d.UnitZ.Cross(towardRobot).Normalized();
        up = Vec3d.UnitZ;
    }

    /// <summary>The point of the billboard showing photo pixel (<paramref name="u"/>, <paramref name="v"/>), base frame, metres.</summary>
    public Vec3d PointOf(double u, double v, double timeS)
    {
        PoseAt(timeS, out Vec3d centre, out Vec3d right, out Vec3d up);
        return centre + right * ((u / Photo.Width - 0.5) * WidthM) + up * ((0.5 - v / Photo.Height) * HeightM);
    }

    /// <summary>Labelled landmark <paramref name="index"/> (a <see cref="BodyLandmark"/>) in the base frame, metres.</summary>
    public Vec3d LandmarkAt(int index, double timeS)
    {
        Keypoint k = Photo.Landmarks[index];
        return PointOf(k.XPx, k.YPx, timeS);
    }

    /// <summary>
    /// The torso centre (midpoint of the shoulders' and the hips' midpoints) in the base frame at
    /// <paramref name="timeS"/>, from the labelled landmarks; the billboard's centre when the photo
    /// is not labelled or a torso landmark was not seen on it.
    /// </summary>
    public Vec3d TorsoCentreAt(double timeS)
    {
        ReadOnlySpan<Keypoint> l = Photo.Landmarks;
        Keypoint ls = l[(int)BodyLandmark.LeftShoulder], rs = l[(int)BodyLandmark.RightShoulder];
        Keypoint lh = l[(int)BodyLandmark.LeftHip], rh = l[(int)BodyLandmark.RightHip];
        if (!Photo.Labelled || ls.Confidence < MinTorsoVisibility || rs.Confidence < MinTorsoVisibility
            || lh.Confidence < MinTorsoVisibility || rh.Confidence < MinTorsoVisibility)
        {
            return _trajectory.PositionAt(timeS);
        }

        double u = 0.25 * (ls.XPx + rs.XPx + lh.XPx + rh.XPx), v = 0.25 * (ls.YPx + rs.YPx + lh.YPx + rh.YPx);
        return PointOf(u, v, timeS);
    }
}
