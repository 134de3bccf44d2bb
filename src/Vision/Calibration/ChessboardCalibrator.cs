using RobotEdge.Vision.Images;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Calibration;

/// <summary>
/// Camera calibration from chessboard images with OpenCV's calib3d: corners found and refined to
/// sub-pixel per image, then <c>calibrateCamera</c> over every image where the whole board was
/// found. The distortion model is k1 k2 p1 p2 with k3 fixed at 0 (k3 overfits on the few views a
/// robot operator takes). A tool, not the frame path: it allocates freely.
/// </summary>
public static unsafe class ChessboardCalibrator
{
    /// <summary>OpenCV's CALIB_FIX_K3.</summary>
    private const int FixK3 = 0x80;

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
        float[] image2d = imagePoints.ToArray();
        var k = new double[9];
        var d = new double[5];
        double rms;
        fixed (float* o = objectPoints, i = image2d)
        fixed (double* kp = k, dp = d)
        {
            OpenCvException.ThrowIfFailed(OpenCvNative.CalibrateCamera(o, i, used.Count, board.CornerCount, width, height, FixK3, kp, dp, &rms));
        }

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

        int status;
        fixed (byte* p = image.Pixels)
        fixed (float* c = corners)
        {
            status = OpenCvNative.FindChessboard(p, image.Width, image.Height, image.Width * 3, board.Columns, board.Rows, c);
        }

        return status != (int)OpenCvStatus.NotFound && OpenCvException.ThrowIfFailed(status) == OpenCvStatus.Ok;
    }
}
