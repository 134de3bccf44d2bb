namespace RobotEdge.Vision.Capture;

/// <summary>Where a robot's frames come from (<c>camera.source</c> in robot.json).</summary>
public enum CameraSourceKind
{
    /// <summary><c>sim</c>: the simulator's renderer.</summary>
    Simulator,

    /// <summary><c>v4l2:/dev/videoN</c>: a Video4Linux2 camera.</summary>
    V4l2Device,

    /// <summary><c>file:path</c>: a video file, replayed.</summary>
    File,

    /// <summary><c>rtsp://…</c> (or http(s)://): a network stream.</summary>
    Stream,
}
