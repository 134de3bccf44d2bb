namespace RobotEdge.RobotModel.Config;

/// <summary>Camera resolution, rate and pinhole intrinsics (pixels, pixel-centre convention).</summary>
public sealed class CameraConfig
{
    /// <summary>
    /// Frame source: <c>sim</c> (the simulator's renderer), <c>v4l2:/dev/video0</c> (optionally
    /// <c>?fourcc=MJPG</c>), <c>file:clip.mkv</c> (optionally <c>?pace=fast&amp;loop=true</c>) or an
    /// <c>rtsp://</c> URL.
    /// </summary>
    public string Source { get; set; } = "sim";

    /// <summary>Width, pixels.</summary>
    public int Width { get; set; } = 640;

    /// <summary>Height, pixels.</summary>
    public int Height { get; set; } = 480;

    /// <summary>Frames per second.</summary>
    public double Fps { get; set; } = 30;

    /// <summary>Focal length along x, pixels.</summary>
    public double Fx { get; set; } = 500;

    /// <summary>Focal length along y, pixels.</summary>
    public double Fy { get; set; } = 500;

    /// <summary>Principal point x, pixels.</summary>
    public double Cx { get; set; } = 319.5;

    /// <summary>Principal point y, pixels.</summary>
    public double Cy { get; set; } = 239.5;

    /// <summary>Lens distortion k1 k2 p1 p2 k3 (OpenCV's model), written by <c>robotedge calibrate</c>; empty: none.</summary>
    public double[] Distortion { get; set; } = [];
}
