using System.Runtime.CompilerServices;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Sim.Rendering;

/// <summary>What the simulator knows about one rendered frame: the truth perception is judged by.</summary>
public struct FrameGroundTruth
{
    /// <summary>The frame's sequence number.</summary>
    public long Sequence;

    /// <summary>Simulated capture time, seconds.</summary>
    public double TimeS;

    /// <summary>Marker centres projected into the frame, pixels, in keypoint order.</summary>
    public MarkerPixels Markers;

    /// <summary>Which markers are in front of the camera and inside the image.</summary>
    public int VisibleMask;

    /// <summary>Target centre in the base frame, metres.</summary>
    public Vec3d TargetCentre;

    /// <summary>Angle between the camera's optical axis and the direction to the target centre, radians.</summary>
    public double PointingErrorRad;

    /// <summary>The simulated joints' true positions at capture, radians.</summary>
    public RobotEdge.Bus.Messages.JointVector JointsRad;

    /// <summary>The simulated joints' true velocities at capture, rad/s.</summary>
    public RobotEdge.Bus.Messages.JointVector JointVelocitiesRadPerS;
}

/// <summary>Inline storage of four projected marker centres (u, v), pixels.</summary>
[InlineArray(4)]
public struct MarkerPixels
{
    private (double U, double V) _element0;
}
