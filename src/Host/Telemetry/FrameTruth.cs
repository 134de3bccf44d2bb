namespace RobotEdge.Host.Telemetry;

/// <summary>What the simulator knows about one frame, as the run's statistics use it.</summary>
public struct FrameTruth
{
    /// <summary>Scenario time of the frame, seconds.</summary>
    public double TimeS;

    /// <summary>Angle between the camera's optical axis and the direction to the target, rad.</summary>
    public double PointingErrorRad;

    /// <summary>Bit k set when marker k is in the image.</summary>
    public int VisibleMask;

    /// <summary>Marker k's true centre (u, v), pixels; meaningful where <see cref="VisibleMask"/> has bit k.</summary>
    public FrameTruthMarkers Markers;
}
