using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Adapts a camera's configured intrinsics to a source that delivers the same view at another
/// resolution (a video recorded at 768×576 played to a robot calibrated at 640×480): a uniform
/// scale keeps the pinhole model exact, so the focal lengths and the principal point scale with the
/// frame; the distortion coefficients, in normalised image coordinates, do not change. Another aspect
/// ratio means a crop or a stretch this cannot know, and is refused.
/// </summary>
public static class CameraRescaling
{
    /// <summary>Largest difference between the two aspect ratios still taken as equal, relative (a pixel of rounding at 4K).</summary>
    public const double AspectTolerance = 1e-3;

    /// <summary>
    /// Scales <paramref name="camera"/> in place to frames of <paramref name="width"/>×<paramref name="height"/>
    /// and returns a line saying what changed. Pixel centres map as x' = (x + ½)·s − ½.
    /// </summary>
    /// <param name="camera">The configured camera; its size, fx, fy, cx, cy are replaced.</param>
    /// <param name="width">The source's frame width, pixels.</param>
    /// <param name="height">The source's frame height, pixels.</param>
    /// <param name="location">The source, named in the message.</param>
    /// <exception cref="InvalidDataException">The aspect ratios differ.</exception>
    public static string ScaleTo(CameraConfig camera, int width, int height, string location)
    {
        double sx = (double)width / camera.Width, sy = (double)height / camera.Height;
        if (Math.Abs(sx / sy - 1) > AspectTolerance)
        {
            throw new InvalidDataException(
                $"{location} delivers {width}x{height}, robot.json's camera is {camera.Width}x{camera.Height} (another aspect ratio): " +
                "set camera.width/height to what the camera gives, and calibrate at that size");
        }

        string was = $"{camera.Width}x{camera.Height} fx {camera.Fx:0.##} fy {camera.Fy:0.##} cx {camera.Cx:0.##} cy {camera.Cy:0.##}";
        camera.Fx *= sx;
        camera.Fy *= sy;
        camera.Cx = (camera.Cx + 0.5) * sx - 0.5;
        camera.Cy = (camera.Cy + 0.5) * sy - 0.5;
        camera.Width = width;
        camera.Height = height;
        return $"camera intrinsics scaled from {was} to {width}x{height} fx {camera.Fx:0.##} fy {camera.Fy:0.##} cx {camera.Cx:0.##} cy {camera.Cy:0.##} " +
               $"(the source delivers {width}x{height})";
    }
}
