using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// Camera resolution, rate and pinhole intrinsics (pixels, pixel-centre convention). The section and
/// its size, rate and intrinsics are required in robot.json: the defaults below only serve code that
/// builds a configuration itself (tests, the calibration writer's round trip).
/// </summary>
public sealed class CameraConfig
{
    /// <summary>
    /// Frame source: <c>sim</c> (the simulator's renderer), <c>v4l2:/dev/video0</c> (optionally
    /// <c>?fourcc=MJPG</c>), <c>file:clip.mkv</c> (optionally <c>?pace=fast&amp;loop=true</c>) or an
    /// <c>rtsp://</c> URL.
    /// </summary>
    public string Source { get; set; } = "sim";

    /// <summary>Width, pixels.</summary>
    [RequiredField("the size the camera delivers cannot be guessed")]
    public int Width { get; set; } = 640;

    /// <summary>Height, pixels.</summary>
    [RequiredField("the size the camera delivers cannot be guessed")]
    public int Height { get; set; } = 480;

    /// <summary>Frames per second.</summary>
    [RequiredField("the rate the camera delivers cannot be guessed")]
    public double Fps { get; set; } = 30;

    /// <summary>Focal length along x, pixels.</summary>
    [RequiredField("a default focal length would be a guess (run robotedge calibrate, or give the lens's figures)")]
    public double Fx { get; set; } = 500;

    /// <summary>Focal length along y, pixels.</summary>
    [RequiredField("a default focal length would be a guess (run robotedge calibrate, or give the lens's figures)")]
    public double Fy { get; set; } = 500;

    /// <summary>Principal point x, pixels.</summary>
    [RequiredField("a default principal point would be a guess (run robotedge calibrate, or use (width - 1) / 2)")]
    public double Cx { get; set; } = 319.5;

    /// <summary>Principal point y, pixels.</summary>
    [RequiredField("a default principal point would be a guess (run robotedge calibrate, or use (height - 1) / 2)")]
    public double Cy { get; set; } = 239.5;

    /// <summary>Lens distortion k1 k2 p1 p2 k3 (OpenCV's model), written by <c>robotedge calibrate</c>; empty: none.</summary>
    public double[] Distortion { get; set; } = [];

    /// <summary>Largest width or height accepted, pixels: 8K video; frame buffers stay far below 2 GiB.</summary>
    public const int MaxSizePx = 8192;

    /// <summary>Smallest width or height accepted, pixels.</summary>
    public const int MinSizePx = 16;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>camera</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.NotEmpty(Source, $"{path}.source");
        problems.Require(Width is >= MinSizePx and <= MaxSizePx, $"{path}.width", $"must be within [{MinSizePx}, {MaxSizePx}] pixels, got {Width}");
        problems.Require(Height is >= MinSizePx and <= MaxSizePx, $"{path}.height", $"must be within [{MinSizePx}, {MaxSizePx}] pixels, got {Height}");
        problems.Above(Fps, 0, 1000, $"{path}.fps");
        problems.Above(Fx, 0, 1e6, $"{path}.fx");
        problems.Above(Fy, 0, 1e6, $"{path}.fy");

        // The principal point is where the optical axis meets the image: inside it, on any real lens.
        problems.Within(Cx, 0, Width, $"{path}.cx");
        problems.Within(Cy, 0, Height, $"{path}.cy");
        problems.Require(Distortion.Length is 0 or 5, $"{path}.distortion", $"needs 5 values (k1 k2 p1 p2 k3) or none, got {Distortion.Length}");
        problems.Finite(Distortion, $"{path}.distortion");
    }
}
