using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// Draws a person's billboard into a BGR24 frame: for every pixel of the billboard's projected
/// bounding box, the pixel's ray is intersected with the billboard's plane and the photo is sampled
/// there bilinearly (colour weighted by the photo's alpha), then blended over what is already drawn.
/// Exact perspective, no tearing at any angle. Allocation-free; one instance per camera thread.
/// </summary>
public sealed class BillboardRenderer
{
    /// <summary>Nearest depth drawn, metres: a billboard closer than this (or behind the camera) is not drawn.</summary>
    public const double NearPlaneM = 0.05;

    private readonly PinholeCamera _camera;

    /// <summary>Creates a renderer for a camera's intrinsics.</summary>
    public BillboardRenderer(PinholeCamera camera) => _camera = camera;

    /// <summary>
    /// Draws <paramref name="person"/> at <paramref name="timeS"/> as seen from a camera whose
    /// optical frame is at <paramref name="baseInCamera"/>⁻¹, into <paramref name="bgr"/> (width × 3 bytes per row).
    /// </summary>
    /// <returns>false when the billboard is behind the camera or outside the image.</returns>
    public bool Draw(Transform3d baseInCamera, PersonBillboard person, double timeS, Span<byte> bgr)
    {
        person.PoseAt(timeS, out Vec3d centreBase, out Vec3d rightBase, out Vec3d upBase);
        Vec3d centre = baseInCamera.TransformPoint(centreBase);
        Vec3d right = baseInCamera.TransformDirection(rightBase);
        Vec3d up = baseInCamera.TransformDirection(upBase);
        Vec3d normal = right.Cross(up);
        double halfW = 0.5 * person.WidthM, halfH = 0.5 * person.HeightM;

        double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
        for (int corner = 0; corner < 4; corner++)
        {
            double sr = (corner & 1) == 0 ? -1 : 1, su = (corner & 2) == 0 ? -1 : 1;
            Vec3d p = centre + right * (sr * halfW) + up * (su * halfH);
            if (p.Z < NearPlaneM)
            {
                // Partly behind the camera: not drawn. People in the scenarios stay well in front.
                return false;
            }

            double u = _camera.Fx * p.X / p.Z + _camera.Cx, v = _camera.Fy * p.Y / p.Z + _camera.Cy;
            minU = Math.Min(minU, u);
            maxU = Math.Max(maxU, u);
            minV = Math.Min(minV, v);
            maxV = Math.Max(maxV, v);
        }

        int x0 = Math.Max(0, (int)Math.Floor(minU)), x1 = Math.Min(_camera.Width - 1, (int)Math.Ceiling(maxU));
        int y0 = Math.Max(0, (int)Math.Floor(minV)), y1 = Math.Min(_camera.Height - 1, (int)Math.Ceiling(maxV));
        if (x0 > x1 || y0 > y1)
        {
            return false;
        }

        PersonPhoto photo = person.Photo;
        double planeDistance = normal.Dot(centre);
        double scaleU = photo.Width / person.WidthM, scaleV = photo.Height / person.HeightM;
        for (int y = y0; y <= y1; y++)
        {
            double ry = (y - _camera.Cy) / _camera.Fy;
            Span<byte> row = bgr.Slice(y * _camera.Width * 3, _camera.Width * 3);
            for (int x = x0; x <= x1; x++)
            {
                double rx = (x - _camera.Cx) / _camera.Fx;
                double denominator = normal.X * rx + normal.Y * ry + normal.Z;
                if (Math.Abs(denominator) < 1e-9)
                {
                    continue;
                }

                // The ray (rx, ry, 1)·t meets the plane n·p = n·c at t = n·c / n·ray.
                double t = planeDistance / denominator;
                double dx = rx * t - centre.X, dy = ry * t - centre.Y, dz = t - centre.Z;
                // Photo coordinates with pixel centres at +0.5, so that sampling at (u − ½, v − ½) is exact.
                double pu = ((dx * right.X + dy * right.Y + dz * right.Z) + halfW) * scaleU - 0.5;
                double pv = (halfH - (dx * up.X + dy * up.Y + dz * up.Z)) * scaleV - 0.5;
                if (pu < -0.5 || pv < -0.5 || pu > photo.Width - 0.5 || pv > photo.Height - 0.5)
                {
                    continue;
                }

                Sample(photo, pu, pv, out double b, out double g, out double r, out double a);
                if (a <= 0)
                {
                    continue;
                }

                int o = x * 3;
                // Premultiplied colour over what is drawn: out = colour + (1 − a) · under.
                row[o] = ToByte(b + (1 - a) * row[o]);
                row[o + 1] = ToByte(g + (1 - a) * row[o + 1]);
                row[o + 2] = ToByte(r + (1 - a) * row[o + 2]);
            }
        }

        return true;
    }

    /// <summary>Bilinear sample of the photo at (u, v) (pixel centres at integers, edges clamped): premultiplied B, G, R and alpha 0..1.</summary>
    private static void Sample(PersonPhoto photo, double u, double v, out double b, out double g, out double r, out double a)
    {
        int w = photo.Width, h = photo.Height;
        u = Math.Clamp(u, 0, w - 1);
        v = Math.Clamp(v, 0, h - 1);
        int ix = Math.Min((int)u, w - 2 < 0 ? 0 : w - 2), iy = Math.Min((int)v, h - 2 < 0 ? 0 : h - 2);
        double fx = u - ix, fy = v - iy;
        int ix1 = Math.Min(ix + 1, w - 1), iy1 = Math.Min(iy + 1, h - 1);
        b = g = r = a = 0;
        Accumulate(photo, ix, iy, (1 - fx) * (1 - fy), ref b, ref g, ref r, ref a);
        Accumulate(photo, ix1, iy, fx * (1 - fy), ref b, ref g, ref r, ref a);
        Accumulate(photo, ix, iy1, (1 - fx) * fy, ref b, ref g, ref r, ref a);
        Accumulate(photo, ix1, iy1, fx * fy, ref b, ref g, ref r, ref a);
    }

    private static void Accumulate(PersonPhoto photo, int x, int y, double weight, ref double b, ref double g, ref double r, ref double a)
    {
        int p = y * photo.Width + x;
        double alpha = photo.Alpha[p] * (1.0 / 255) * weight;
        b += photo.Bgr[p * 3] * alpha;
        g += photo.Bgr[p * 3 + 1] * alpha;
        r += photo.Bgr[p * 3 + 2] * alpha;
        a += alpha;
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
