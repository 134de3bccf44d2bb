using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// Renders a calibration chessboard as an ideal pinhole camera sees it, with the true image
/// position of every inner corner: the ground truth camera calibration is judged by. The board
/// lies in its own z = 0 plane; inner corner (c, r) is at (c · square, r · square, 0), c along the
/// columns, r along the rows. Around the corners are one more row and column of squares on each
/// side (a "9x6" board has 10 × 7 squares), a white margin one square wide, and a grey background.
/// Each pixel averages 4 × 4 samples, so edges are anti-aliased as a real sensor integrates them.
/// </summary>
public sealed class ChessboardRenderer
{
    private const int SamplesPerAxis = 4;
    private const byte Background = 110;
    private const byte White = 235;
    private const byte Black = 25;

    private readonly PinholeCamera _camera;

    /// <summary>Creates a renderer for a camera's intrinsics.</summary>
    public ChessboardRenderer(PinholeCamera camera)
    {
        _camera = camera;
    }

    /// <summary>
    /// Renders a board of <paramref name="columns"/> × <paramref name="rows"/> inner corners with
    /// squares of <paramref name="squareM"/> metres, whose frame has pose <paramref name="boardInCamera"/>
    /// in the camera's optical frame, into <paramref name="bgr"/> (width × 3 bytes per row). Writes
    /// each corner's projection (pixels) into <paramref name="corners"/>, row by row, as (u, v) pairs.
    /// </summary>
    /// <returns>Whether every corner lies inside the image and in front of the camera.</returns>
    public bool Render(Transform3d boardInCamera, int columns, int rows, double squareM, Span<byte> bgr, Span<double> corners)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(squareM);
        if (corners.Length < 2 * columns * rows || bgr.Length < _camera.Width * _camera.Height * 3)
        {
            throw new ArgumentException("corner or pixel buffer too small");
        }

        // Camera → board: a pixel's ray, expressed in board coordinates, meets the z = 0 plane.
        Transform3d cameraInBoard = boardInCamera.Inverse();
        Vec3d origin = cameraInBoard.Translation;
        Mat3d toBoard = cameraInBoard.Rotation;
        double step = 1.0 / SamplesPerAxis;
        for (int y = 0; y < _camera.Height; y++)
        {
            for (int x = 0; x < _camera.Width; x++)
            {
                int sum = 0;
                for (int sy = 0; sy < SamplesPerAxis; sy++)
                {
                    for (int sx = 0; sx < SamplesPerAxis; sx++)
                    {
                        // Pixel (x, y) covers [x − 0.5, x + 0.5) × [y − 0.5, y + 0.5).
                        double u = x - 0.5 + (sx + 0.5) * step, v = y - 0.5 + (sy + 0.5) * step;
                        Vec3d direction = toBoard.Transform(_camera.Unproject(u, v));
                        sum += Shade(origin, direction, columns, rows, squareM);
                    }
                }

                byte value = (byte)((sum + SamplesPerAxis * SamplesPerAxis / 2) / (SamplesPerAxis * SamplesPerAxis));
                int o = (y * _camera.Width + x) * 3;
                bgr[o] = bgr[o + 1] = bgr[o + 2] = value;
            }
        }

        bool allVisible = true;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Vec3d p = boardInCamera.TransformPoint(new Vec3d(c * squareM, r * squareM, 0));
                int i = r * columns + c;
                if (!_camera.TryProject(p, out corners[2 * i], out corners[2 * i + 1]) || !_camera.Contains(corners[2 * i], corners[2 * i + 1]))
                {
                    allVisible = false;
                }
            }
        }

        return allVisible;
    }

    /// <summary>Grey level where the ray from <paramref name="origin"/> along <paramref name="direction"/> (board frame) meets the board.</summary>
    private static int Shade(Vec3d origin, Vec3d direction, int columns, int rows, double squareM)
    {
        if (Math.Abs(direction.Z) < 1e-12)
        {
            return Background;
        }

        double s = -origin.Z / direction.Z;
        if (s <= 0)
        {
            return Background;
        }

        double bx = (origin.X + s * direction.X) / squareM, by = (origin.Y + s * direction.Y) / squareM;
        int a = (int)Math.Floor(bx), b = (int)Math.Floor(by);
        // Squares span indices −1 … columns − 1 (x) and −1 … rows − 1 (y); the margin one more each side.
        if (a < -2 || a > columns || b < -2 || b > rows)
        {
            return Background;
        }

        if (a == -2 || a == columns || b == -2 || b == rows)
        {
            return White;
        }

        return ((a + b) & 1) == 0 ? Black : White;
    }
}
