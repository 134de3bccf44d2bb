using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Vision.Tests;

/// <summary>The fixed camera and moving four-marker target the capture tests render.</summary>
internal static class SimScene
{
    public static readonly PinholeCamera Camera = new(640, 480, 500, 500, 319.5, 239.5);

    /// <summary>Camera at the base origin looking along +X (optical: z forward, x right = −Y, y down = −Z).</summary>
    public static readonly Transform3d CameraPose = new(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero);

    /// <summary>A target that sweeps across the view and in range over <paramref name="durationS"/>.</summary>
    public static MarkerTarget SweepingTarget(double durationS) => new(new TargetDefinition
    {
        MarkerSpacingM = 0.16,
        MarkerRadiusM = 0.02,
        Loop = false,
        Waypoints =
        [
            new WaypointDefinition { TimeS = 0, Position = [1.2, 0.45, 0.2] },
            new WaypointDefinition { TimeS = durationS / 2, Position = [2.0, 0.0, -0.25] },
            new WaypointDefinition { TimeS = durationS, Position = [1.4, -0.5, 0.15] },
        ],
    });
}
