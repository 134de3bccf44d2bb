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

    /// <summary>
    /// What the robot should point at, in the base frame, metres: the marker plate's centre, or in a
    /// scene with people the followed person's torso centre.
    /// </summary>
    public Vec3d TargetCentre;

    /// <summary>Angle between the camera's optical axis and the direction to <see cref="TargetCentre"/>, radians.</summary>
    public double PointingErrorRad;

    /// <summary>Number of valid entries in <see cref="People"/> (the scene's people, in scenario order).</summary>
    public int PersonCount;

    /// <summary>Each person's truth in this frame.</summary>
    public PeopleTruth People;

    /// <summary>
    /// The simulated joints' true positions at capture, radians. A frame rendered ahead
    /// (<see cref="SimulatedCamera"/> in real time) gives them at its capture time exactly: the latest
    /// true state carried forward at its velocity over the (under one bus cycle) since it was measured.
    /// </summary>
    public RobotEdge.Bus.Messages.JointVector JointsRad;

    /// <summary>The simulated joints' true velocities at capture, rad/s.</summary>
    public RobotEdge.Bus.Messages.JointVector JointVelocitiesRadPerS;

    /// <summary>
    /// The joint positions the image was rendered from, radians: <see cref="JointsRad"/> when the frame
    /// was rendered at its capture; for a frame rendered ahead, the positions predicted for its capture
    /// time from the true state when rendering began.
    /// </summary>
    public RobotEdge.Bus.Messages.JointVector RenderedJointsRad;

    /// <summary>
    /// Largest difference between <see cref="RenderedJointsRad"/> and <see cref="JointsRad"/>, radians:
    /// how far the pose the picture shows is from the true pose at the frame's time-stamp (0 when
    /// rendered at capture; for a frame rendered ahead, the prediction's error: the joints' change of
    /// velocity during the render lead). Pixel truths (markers, landmarks, torso) describe the picture;
    /// pointing errors describe the true pose.
    /// </summary>
    public double RenderPredictionErrorRad;
}

/// <summary>Inline storage of four projected marker centres (u, v), pixels.</summary>
[InlineArray(4)]
public struct MarkerPixels
{
    private (double U, double V) _element0;
}

/// <summary>What the simulator knows about one person in one frame.</summary>
public struct PersonGroundTruth
{
    /// <summary>Whether the person is in the scene (drawn) in this frame.</summary>
    public bool Present;

    /// <summary>Torso centre (midpoint of the shoulders' and hips' midpoints), base frame, metres.</summary>
    public Vec3d TorsoInBase;

    /// <summary>The torso centre projected into the frame, pixels (NaN when behind the camera).</summary>
    public double TorsoU, TorsoV;

    /// <summary>Whether the person is present and their torso centre is in front of the camera and inside the image.</summary>
    public bool TorsoInView;

    /// <summary>Angle between the optical axis and the direction to the torso centre, radians.</summary>
    public double PointingErrorRad;

    /// <summary>
    /// The labelled landmarks carried through the billboard and projected into the frame, pixels,
    /// in BlazePose order (NaN when behind the camera; all NaN when the photo is not labelled).
    /// </summary>
    public LandmarkPixels Landmarks;
}

/// <summary>Inline storage of the people's truth of one frame.</summary>
[InlineArray(RobotEdge.Sim.Scene.PeopleInScene.Capacity)]
public struct PeopleTruth
{
    private PersonGroundTruth _element0;
}

/// <summary>Inline storage of 33 projected landmarks (u, v), pixels.</summary>
[InlineArray(RobotEdge.Bus.Messages.KeypointSet.Capacity)]
public struct LandmarkPixels
{
    private (float U, float V) _element0;
}
