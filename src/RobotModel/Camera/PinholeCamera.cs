using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Camera;

/// <summary>
/// Pinhole projection between the camera's optical frame (REP 103: +Z forward, +X right, +Y down;
/// metres) and pixel coordinates (pixel-centre convention, x right, y down). No lens distortion.
/// </summary>
public readonly struct PinholeCamera
{
    /// <summary>Creates a camera from focal lengths and principal point, pixels.</summary>
    public PinholeCamera(int width, int height, double fx, double fy, double cx, double cy)
    {
        Width = width;
        Height = height;
        Fx = fx;
        Fy = fy;
        Cx = cx;
        Cy = cy;
    }

    /// <summary>Creates a camera from a robot's camera configuration.</summary>
    public static PinholeCamera FromConfig(CameraConfig c) => new(c.Width, c.Height, c.Fx, c.Fy, c.Cx, c.Cy);

    /// <summary>Image width, pixels.</summary>
    public int Width { get; }

    /// <summary>Image height, pixels.</summary>
    public int Height { get; }

    /// <summary>Focal length along x, pixels.</summary>
    public double Fx { get; }

    /// <summary>Focal length along y, pixels.</summary>
    public double Fy { get; }

    /// <summary>Principal point x, pixels.</summary>
    public double Cx { get; }

    /// <summary>Principal point y, pixels.</summary>
    public double Cy { get; }

    /// <summary>Projects a point in the optical frame; false when it is not in front of the camera.</summary>
    public bool TryProject(Vec3d pointInCamera, out double u, out double v)
    {
        if (pointInCamera.Z <= 1e-6)
        {
            u = v = 0;
            return false;
        }

        u = Fx * pointInCamera.X / pointInCamera.Z + Cx;
        v = Fy * pointInCamera.Y / pointInCamera.Z + Cy;
        return true;
    }

    /// <summary>The ray through pixel (u, v) in the optical frame, scaled so that Z = 1.</summary>
    public Vec3d Unproject(double u, double v) => new((u - Cx) / Fx, (v - Cy) / Fy, 1.0);

    /// <summary>Whether a pixel position lies inside the image.</summary>
    public bool Contains(double u, double v) => u >= -0.5 && v >= -0.5 && u < Width - 0.5 && v < Height - 0.5;
}
