using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// Rasterises the simulated scene into a BGR24 frame as the robot's camera sees it: a world-fixed
/// background (floor and striped wall, so that the image moves when the camera does), the target's
/// plate, and its four markers as anti-aliased discs. Allocation-free after construction; one
/// instance per camera thread.
/// </summary>
public sealed class SceneRenderer
{
    /// <summary>Azimuth width of one wall stripe, radians.</summary>
    private const double StripeWidthRad = 10 * Math.PI / 180;

    /// <summary>Plate half-size relative to the marker spacing (the plate extends past the markers).</summary>
    private const double PlateHalfSize = 0.75;

    private static readonly (byte B, byte G, byte R) PlateColour = (58, 60, 64);

    private readonly PinholeCamera _camera;
    private readonly bool[] _stripeParity;
    private readonly Vec3d[] _markers = new Vec3d[MarkerTarget.MarkerCount];
    private readonly double[] _polygonU = new double[4];
    private readonly double[] _polygonV = new double[4];

    /// <summary>Creates a renderer for a camera's intrinsics.</summary>
    public SceneRenderer(PinholeCamera camera)
    {
        _camera = camera;
        _stripeParity = new bool[camera.Width];
    }

    /// <summary>
    /// Renders the scene at <paramref name="timeS"/> from a camera whose optical frame has pose
    /// <paramref name="cameraInBase"/>, into <paramref name="bgr"/> (width × 3 bytes per row), and
    /// fills the frame's ground truth.
    /// </summary>
    public void Render(Transform3d cameraInBase, MarkerTarget target, double timeS, Span<byte> bgr, ref FrameGroundTruth truth)
    {
        Transform3d baseInCamera = cameraInBase.Inverse();
        DrawBackground(cameraInBase, bgr);

        target.PoseAt(timeS, out Vec3d centre, out Vec3d right, out Vec3d up);
        DrawPlate(baseInCamera, centre, right * (PlateHalfSize * target.SpacingM), up * (PlateHalfSize * target.SpacingM), bgr);

        target.MarkersAt(timeS, _markers);
        truth.VisibleMask = 0;
        for (int i = 0; i < MarkerTarget.MarkerCount; i++)
        {
            Vec3d p = baseInCamera.TransformPoint(_markers[i]);
            if (!_camera.TryProject(p, out double u, out double v))
            {
                truth.Markers[i] = (double.NaN, double.NaN);
                continue;
            }

            truth.Markers[i] = (u, v);
            if (_camera.Contains(u, v))
            {
                truth.VisibleMask |= 1 << i;
            }

            double radiusPx = _camera.Fx * target.RadiusM / p.Z;
            DrawDisc(u, v, radiusPx, MarkerTarget.MarkerColours[i], bgr);
        }

        truth.TimeS = timeS;
        truth.TargetCentre = centre;
        Vec3d toTarget = (centre - cameraInBase.Translation).Normalized();
        double cos = Math.Clamp(toTarget.Dot(cameraInBase.Rotation.ColumnZ), -1, 1);
        truth.PointingErrorRad = Math.Acos(cos);
    }

    private void DrawBackground(Transform3d cameraInBase, Span<byte> bgr)
    {
        int width = _camera.Width;
        Mat3d r = cameraInBase.Rotation;
        // Stripes are fixed in the world: the azimuth of each column's ray (taken on the principal row).
        for (int x = 0; x < width; x++)
        {
            Vec3d ray = r.Transform(_camera.Unproject(x, _camera.Cy));
            double azimuth = Math.Atan2(ray.Y, ray.X);
            _stripeParity[x] = ((int)Math.Floor(azimuth / StripeWidthRad) & 1) == 0;
        }

        for (int y = 0; y < _camera.Height; y++)
        {
            Vec3d ray = r.Transform(_camera.Unproject(_camera.Cx, y));
            double elevation = Math.Atan2(ray.Z, Math.Sqrt(ray.X * ray.X + ray.Y * ray.Y));
            // Low-saturation greys and beiges only: nothing in the background resembles a marker.
            byte light, dark, tint;
            if (elevation < -0.25)
            {
                light = dark = (byte)(95 + 20 * Math.Sin(elevation * 6));
                tint = 6;
            }
            else
            {
                double shade = 150 + 30 * Math.Clamp(elevation, -0.25, 0.8);
                light = (byte)shade;
                dark = (byte)(shade - 22);
                tint = 14;
            }

            Span<byte> row = bgr.Slice(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                byte value = _stripeParity[x] ? light : dark;
                int o = x * 3;
                row[o] = (byte)(value - tint);
                row[o + 1] = value;
                row[o + 2] = (byte)Math.Min(255, value + tint);
            }
        }
    }

    private void DrawPlate(Transform3d baseInCamera, Vec3d centre, Vec3d halfRight, Vec3d halfUp, Span<byte> bgr)
    {
        ReadOnlySpan<(double R, double U)> corners = [(-1, 1), (1, 1), (1, -1), (-1, -1)];
        double minV = double.MaxValue, maxV = double.MinValue;
        for (int i = 0; i < 4; i++)
        {
            Vec3d p = baseInCamera.TransformPoint(centre + halfRight * corners[i].R + halfUp * corners[i].U);
            if (!_camera.TryProject(p, out _polygonU[i], out _polygonV[i]))
            {
                return; // Behind the camera: the plate is not drawn (markers are clipped individually).
            }

            minV = Math.Min(minV, _polygonV[i]);
            maxV = Math.Max(maxV, _polygonV[i]);
        }

        int y0 = Math.Max(0, (int)Math.Ceiling(minV)), y1 = Math.Min(_camera.Height - 1, (int)Math.Floor(maxV));
        for (int y = y0; y <= y1; y++)
        {
            // Scanline through a convex quad: the span between the outermost edge crossings.
            double left = double.MaxValue, rightEdge = double.MinValue;
            for (int i = 0; i < 4; i++)
            {
                int j = (i + 1) & 3;
                double va = _polygonV[i], vb = _polygonV[j];
                if ((y < va && y < vb) || (y > va && y > vb) || va == vb)
                {
                    continue;
                }

                double u = _polygonU[i] + (y - va) / (vb - va) * (_polygonU[j] - _polygonU[i]);
                left = Math.Min(left, u);
                rightEdge = Math.Max(rightEdge, u);
            }

            int x0 = Math.Max(0, (int)Math.Ceiling(left)), x1 = Math.Min(_camera.Width - 1, (int)Math.Floor(rightEdge));
            Span<byte> row = bgr.Slice(y * _camera.Width * 3, _camera.Width * 3);
            for (int x = x0; x <= x1; x++)
            {
                row[x * 3] = PlateColour.B;
                row[x * 3 + 1] = PlateColour.G;
                row[x * 3 + 2] = PlateColour.R;
            }
        }
    }

    /// <summary>A disc of radius <paramref name="radiusPx"/> centred on (u, v), with 1-pixel anti-aliased edges.</summary>
    private void DrawDisc(double u, double v, double radiusPx, (byte B, byte G, byte R) colour, Span<byte> bgr)
    {
        int x0 = Math.Max(0, (int)Math.Floor(u - radiusPx - 1)), x1 = Math.Min(_camera.Width - 1, (int)Math.Ceiling(u + radiusPx + 1));
        int y0 = Math.Max(0, (int)Math.Floor(v - radiusPx - 1)), y1 = Math.Min(_camera.Height - 1, (int)Math.Ceiling(v + radiusPx + 1));
        for (int y = y0; y <= y1; y++)
        {
            Span<byte> row = bgr.Slice(y * _camera.Width * 3, _camera.Width * 3);
            for (int x = x0; x <= x1; x++)
            {
                double distance = Math.Sqrt((x - u) * (x - u) + (y - v) * (y - v));
                double coverage = Math.Clamp(radiusPx + 0.5 - distance, 0, 1);
                if (coverage <= 0)
                {
                    continue;
                }

                int o = x * 3;
                row[o] = Blend(row[o], colour.B, coverage);
                row[o + 1] = Blend(row[o + 1], colour.G, coverage);
                row[o + 2] = Blend(row[o + 2], colour.R, coverage);
            }
        }
    }

    private static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round(under + (over - under) * alpha);
}
