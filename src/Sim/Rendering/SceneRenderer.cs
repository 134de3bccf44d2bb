using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// Rasterises the simulated scene into a BGR24 frame as the robot's camera sees it: a world-fixed
/// background (floor and striped wall, so that the image moves when the camera does), the people's
/// billboards (farthest first), the target's plate, and its four markers as anti-aliased discs.
/// Allocation-free after construction; one instance per camera thread.
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
    private readonly BillboardRenderer _billboards;
    private readonly int[] _drawOrder = new int[PeopleInScene.Capacity];
    private readonly double[] _distances = new double[PeopleInScene.Capacity];

    /// <summary>Creates a renderer for a camera's intrinsics.</summary>
    public SceneRenderer(PinholeCamera camera)
    {
        _camera = camera;
        _stripeParity = new bool[camera.Width];
        _billboards = new BillboardRenderer(camera);
    }

    /// <summary>
    /// Renders the scene at <paramref name="timeS"/> from a camera whose optical frame has pose
    /// <paramref name="cameraInBase"/>, into <paramref name="bgr"/> (width × 3 bytes per row), and
    /// fills the frame's ground truth.
    /// </summary>
    /// <param name="cameraInBase">Pose of the camera's optical frame in the base frame.</param>
    /// <param name="target">The marker plate, or null when the scene has none.</param>
    /// <param name="timeS">Scenario time, seconds.</param>
    /// <param name="bgr">The frame, BGR24.</param>
    /// <param name="truth">Filled with the frame's ground truth (time, markers, people, pointing error).</param>
    /// <param name="people">The scene's people, or null; with people, the pointing error is to the followed person's torso.</param>
    public void Render(Transform3d cameraInBase, MarkerTarget? target, double timeS, Span<byte> bgr, ref FrameGroundTruth truth, PeopleInScene? people = null)
    {
        Transform3d baseInCamera = cameraInBase.Inverse();
        DrawBackground(cameraInBase, bgr);
        truth.TimeS = timeS;
        truth.VisibleMask = 0;
        truth.PersonCount = 0;
        if (people is not null)
        {
            DrawPeople(cameraInBase, baseInCamera, people, timeS, bgr, ref truth);
        }

        if (target is not null)
        {
            DrawTarget(cameraInBase, baseInCamera, target, timeS, bgr, ref truth, pointAtTarget: people is null);
        }
    }

    private void DrawPeople(Transform3d cameraInBase, Transform3d baseInCamera, PeopleInScene people, double timeS, Span<byte> bgr, ref FrameGroundTruth truth)
    {
        PersonBillboard[] all = people.People;
        // Painter's order: farthest first, an insertion sort over at most four people.
        for (int i = 0; i < all.Length; i++)
        {
            all[i].PoseAt(timeS, out Vec3d centre, out _, out _);
            _distances[i] = (centre - cameraInBase.Translation).LengthSquared;
            int j = i;
            for (; j > 0 && _distances[_drawOrder[j - 1]] < _distances[i]; j--)
            {
                _drawOrder[j] = _drawOrder[j - 1];
            }

            _drawOrder[j] = i;
        }

        for (int k = 0; k < all.Length; k++)
        {
            PersonBillboard person = all[_drawOrder[k]];
            if (person.PresentAt(timeS))
            {
                _billboards.Draw(baseInCamera, person, timeS, bgr);
            }
        }

        truth.PersonCount = all.Length;
        for (int i = 0; i < all.Length; i++)
        {
            PersonBillboard person = all[i];
            ref PersonGroundTruth p = ref truth.People[i];
            p.Present = person.PresentAt(timeS);
            p.TorsoInBase = person.TorsoCentreAt(timeS);
            p.PointingErrorRad = PointingError(cameraInBase, p.TorsoInBase);
            p.TorsoInView = Project(baseInCamera.TransformPoint(p.TorsoInBase), out p.TorsoU, out p.TorsoV) && _camera.Contains(p.TorsoU, p.TorsoV)
                && p.Present;
            for (int l = 0; l < RobotEdge.Bus.Messages.KeypointSet.Capacity; l++)
            {
                if (person.Photo.Labelled && Project(baseInCamera.TransformPoint(person.LandmarkAt(l, timeS)), out double u, out double v))
                {
                    p.Landmarks[l] = ((float)u, (float)v);
                }
                else
                {
                    p.Landmarks[l] = (float.NaN, float.NaN);
                }
            }
        }

        truth.TargetCentre = truth.People[people.Followed].TorsoInBase;
        truth.PointingErrorRad = truth.People[people.Followed].PointingErrorRad;
    }

    private bool Project(Vec3d inCamera, out double u, out double v)
    {
        if (_camera.TryProject(inCamera, out u, out v))
        {
            return true;
        }

        u = v = double.NaN;
        return false;
    }

    /// <summary>
    /// Recomputes the pointing errors of a rendered frame's truth — to <see cref="FrameGroundTruth.TargetCentre"/>
    /// and to each person's torso — for the camera pose <paramref name="cameraInBase"/>, leaving the
    /// pixel truths (what the picture shows) as they are: for a frame rendered from a predicted pose
    /// whose true pose at capture is known later. Real-time safe: no allocation.
    /// </summary>
    /// <param name="cameraInBase">The camera's true pose at capture, base frame.</param>
    /// <param name="pointsAtSomething">Whether the scene has a target or people (otherwise there is no pointing error to compute).</param>
    /// <param name="truth">The frame's truth, filled by <see cref="Render"/>.</param>
    public static void SetPointingErrors(Transform3d cameraInBase, bool pointsAtSomething, ref FrameGroundTruth truth)
    {
        if (!pointsAtSomething)
        {
            return;
        }

        truth.PointingErrorRad = PointingError(cameraInBase, truth.TargetCentre);
        for (int i = 0; i < truth.PersonCount; i++)
        {
            truth.People[i].PointingErrorRad = PointingError(cameraInBase, truth.People[i].TorsoInBase);
        }
    }

    private static double PointingError(Transform3d cameraInBase, Vec3d point)
    {
        Vec3d toPoint = (point - cameraInBase.Translation).Normalized();
        return Math.Acos(Math.Clamp(toPoint.Dot(cameraInBase.Rotation.ColumnZ), -1, 1));
    }

    private void DrawTarget(Transform3d cameraInBase, Transform3d baseInCamera, MarkerTarget target, double timeS, Span<byte> bgr,
        ref FrameGroundTruth truth, bool pointAtTarget)
    {
        target.PoseAt(timeS, out Vec3d centre, out Vec3d right, out Vec3d up);
        DrawPlate(baseInCamera, centre, right * (PlateHalfSize * target.SpacingM), up * (PlateHalfSize * target.SpacingM), bgr);

        target.MarkersAt(timeS, _markers);
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

        if (pointAtTarget)
        {
            truth.TargetCentre = centre;
            truth.PointingErrorRad = PointingError(cameraInBase, centre);
        }
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
