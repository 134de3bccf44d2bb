using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Scenarios;

namespace RobotEdge.Sim.Scene;

/// <summary>
/// The target's geometry: a square plate facing the robot's base with four coloured markers at its
/// corners, in keypoint order red (top-left as the robot sees it), green (top-right), blue
/// (bottom-right), yellow (bottom-left).
/// </summary>
public sealed class MarkerTarget
{
    /// <summary>Number of markers (keypoints).</summary>
    public const int MarkerCount = 4;

    /// <summary>Marker colours, BGR, in keypoint order.</summary>
    public static readonly (byte B, byte G, byte R)[] MarkerColours =
    [
        (0, 0, 255),     // red
        (0, 255, 0),     // green
        (255, 0, 0),     // blue
        (0, 255, 255),   // yellow
    ];

    /// <summary>Corner offsets in plate units (right, up), in keypoint order.</summary>
    private static readonly (double Right, double Up)[] Corners = [(-0.5, 0.5), (0.5, 0.5), (0.5, -0.5), (-0.5, -0.5)];

    private readonly TargetTrajectory _trajectory;

    /// <summary>Creates the target of a scenario.</summary>
    public MarkerTarget(TargetDefinition definition)
    {
        _trajectory = new TargetTrajectory(definition);
        SpacingM = definition.MarkerSpacingM;
        RadiusM = definition.MarkerRadiusM;
    }

    /// <summary>Side of the marker square, metres.</summary>
    public double SpacingM { get; }

    /// <summary>Marker radius, metres.</summary>
    public double RadiusM { get; }

    /// <summary>The path of the target's centre.</summary>
    public TargetTrajectory Trajectory => _trajectory;

    /// <summary>
    /// The target's centre and its plate axes at <paramref name="timeS"/>: the plate faces the base
    /// frame's origin, its "up" as close to +Z as that allows.
    /// </summary>
    public void PoseAt(double timeS, out Vec3d centre, out Vec3d right, out Vec3d up)
    {
        centre = _trajectory.PositionAt(timeS);
        Vec3d towardRobot = new Vec3d(-centre.X, -centre.Y, 0).Normalized();
        right = Vec3d.UnitZ.Cross(towardRobot).Normalized();
        up = towardRobot.Cross(right).Normalized();
    }

    /// <summary>Writes the four marker centres at <paramref name="timeS"/> (base frame, metres).</summary>
    public void MarkersAt(double timeS, Span<Vec3d> markers)
    {
        PoseAt(timeS, out Vec3d centre, out Vec3d right, out Vec3d up);
        for (int i = 0; i < MarkerCount; i++)
        {
            markers[i] = centre + right * (Corners[i].Right * SpacingM) + up * (Corners[i].Up * SpacingM);
        }
    }
}
