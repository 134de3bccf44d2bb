using OpenCvSharp;
using RobotEdge.Vision.Images;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Calibration;

/// <summary>
/// Camera calibration from chessboard images with OpenCV's calib3d (OpenCvSharp4): corners found and refined to
/// sub-pixel per image, then <c>calibrateCamera</c> over every image where the whole board was
/// found. The distortion model is k1 k2 p1 p2 with k3 fixed at 0 (k3 overfits on the few views a
/// robot operator takes). A tool, not the frame path: it allocates freely.
/// </summary>
public static unsafe class ChessboardCalibrator
{
    /// <summary>Fewest usable views calibration accepts.</summary>
    public const int MinViews = 3;

    /// <summary>Image file extensions read from a folder.</summary>
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"];

    /// <summary>Calibrates from every image in <paramref name="directory"/> (png, jpg, bmp, tif), in name order.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">Too few images show the board, or the images differ in size.</exception>
    public static CalibrationResult CalibrateDirectory(string directory, ChessboardSpec board)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"calibration image folder {directory} does not exist");
        }

        string[] files = Directory.EnumerateFiles(directory)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Calibrate(files, board);
    }

    /// <summary>Calibrates from the given image files.</summary>
    /// <exception cref="InvalidDataException">Too few images show the board, or the images differ in size.</exception>
    public static CalibrationResult Calibrate(IReadOnlyList<string> imagePaths, ChessboardSpec board)
    {
        var used = new List<string>();
        var rejected = new List<string>();
        var imagePoints = new List<float>();
        int width = 0, height = 0;
        var corners = new float[2 * board.CornerCount];
        foreach (string path in imagePaths)
        {
            BgrImage image;
            try
            {
                image = BgrImage.Read(path);
            }
            catch (OpenCvException e)
            {
                rejected.Add($"{path}: {e.Message}");
                continue;
            }

            if (width == 0)
            {
                (width, height) = (image.Width, image.Height);
            }
            else if (image.Width != width || image.Height != height)
            {
                throw new InvalidDataException($"{path} is {image.Width}x{image.Height}, the first image {width}x{height}: calibrate one resolution at a time");
            }

            if (!TryFindCorners(image, board, corners))
            {
                rejected.Add($"{path}: no {board.Columns}x{board.Rows} board found");
                continue;
            }

            imagePoints.AddRange(corners);
            used.Add(path);
        }

        if (used.Count < MinViews)
        {
            throw new InvalidDataException(
                $"the board was found in {used.Count} of {imagePaths.Count} images, calibration needs at least {MinViews} (check --board: inner corners, e.g. 9x6)");
        }

        float[] objectPoints = board.ObjectPoints();
        var boardPoints = new Point3f[board.CornerCount];
        for (int i = 0; i < boardPoints.Length; i++)
        {
            boardPoints[i] = new Point3f(objectPoints[3 * i], objectPoints[3 * i + 1], objectPoints[3 * i + 2]);
        }

        var objects = new Point3f[used.Count][];
        var images = new Point2f[used.Count][];
        for (int v = 0; v < used.Count; v++)
        {
            objects[v] = boardPoints;
            images[v] = new Point2f[board.CornerCount];
            for (int i = 0; i < board.CornerCount; i++)
            {
                int at = 2 * (v * board.CornerCount + i);
                images[v][i] = new Point2f(imagePoints[at], imagePoints[at + 1]);
            }
        }

        var matrix = new double[3, 3];
        var d = new double[5];
        double rms = OpenCvCall.Run("calibrate camera", () =>
            Cv2.CalibrateCamera(objects, images, new Size(width, height), matrix, d, out _, out _, CalibrationFlags.FixK3));
        double[] k = [matrix[0, 0], matrix[0, 1], matrix[0, 2], matrix[1, 0], matrix[1, 1], matrix[1, 2], matrix[2, 0], matrix[2, 1], matrix[2, 2]];

        return new CalibrationResult
        {
            Width = width,
            Height = height,
            Fx = k[0],
            Fy = k[4],
            Cx = k[2],
            Cy = k[5],
            Distortion = d,
            RmsPx = rms,
            UsedImages = used,
            RejectedImages = rejected,
        };
    }

    /// <summary>Finds the board's inner corners (sub-pixel), row by row, into <paramref name="corners"/> (x, y pairs).</summary>
    public static bool TryFindCorners(BgrImage image, ChessboardSpec board, Span<float> corners)
    {
        if (corners.Length < 2 * board.CornerCount)
        {
            throw new ArgumentException($"room for {corners.Length / 2} corners, the board has {board.CornerCount}");
        }

        Point2f[] found;
        fixed (byte* p = image.Pixels)
        {
            using Mat bgr = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, (nint)p, image.Width * 3);
            using var gray = new Mat();
            try
            {
                Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
                if (!Cv2.FindChessboardCorners(gray, new Size(board.Columns, board.Rows), out found, ChessboardFlags.AdaptiveThresh | ChessboardFlags.NormalizeImage)
                    || found.Length != board.CornerCount)
                {
                    return false;
                }

                found = Cv2.CornerSubPix(gray, found, new Size(5, 5), new Size(-1, -1), new TermCriteria(CriteriaTypes.Eps | CriteriaTypes.Count, 50, 1e-4));
            }
            catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
            {
                throw OpenCvCall.Wrap("find chessboard", e);
            }
        }

        for (int i = 0; i < found.Length; i++)
        {
            corners[2 * i] = found[i].X;
            corners[2 * i + 1] = found[i].Y;
        }

        return true;
    }
}
