using OpenCvSharp;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Images;

/// <summary>
/// A BGR24 still image in managed memory, read and written through OpenCV's codecs (PNG, JPEG,
/// BMP…). For tools and tests (calibration images), not for the frame path.
/// </summary>
public sealed unsafe class BgrImage
{
    /// <summary>Wraps <paramref name="pixels"/> (width × 3 bytes per row) as an image; no copy.</summary>
    public BgrImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length < width * height * 3)
        {
            throw new ArgumentException($"{pixels.Length} bytes do not hold a {width}x{height} BGR24 image");
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    /// <summary>BGR24 pixels, row-major, <see cref="Width"/> × 3 bytes per row.</summary>
    public byte[] Pixels { get; }

    /// <summary>Decodes an image file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OpenCvException">OpenCV cannot decode it.</exception>
    public static BgrImage Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image {path} does not exist", path);
        }

        using Mat image = OpenCvCall.Run("read image", () => Cv2.ImRead(path, ImreadModes.Color));
        if (image.Empty())
        {
            throw new OpenCvException(OpenCvStatus.OpenFailed, $"read image: cannot decode {path}");
        }

        var pixels = new byte[image.Width * image.Height * 3];
        fixed (byte* p = pixels)
        {
            using Mat destination = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, (nint)p, image.Width * 3);
            image.CopyTo(destination);
        }

        return new BgrImage(image.Width, image.Height, pixels);
    }

    /// <summary>Encodes the image into <paramref name="path"/>; the extension picks the format (.png is lossless).</summary>
    /// <exception cref="OpenCvException">No encoder for the extension, or the file cannot be written.</exception>
    public void Write(string path)
    {
        fixed (byte* p = Pixels)
        {
            using Mat image = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, (nint)p, Width * 3);
            if (!OpenCvCall.Run("write image", () => Cv2.ImWrite(path, image)))
            {
                throw new OpenCvException(OpenCvStatus.OpenFailed, $"write image: cannot write {path}");
            }
        }
    }
}
