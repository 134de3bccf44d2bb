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

        OpenCvException.ThrowIfFailed(OpenCvNative.ImageSize(path, out int width, out int height));
        var pixels = new byte[width * height * 3];
        fixed (byte* p = pixels)
        {
            OpenCvException.ThrowIfFailed(OpenCvNative.ImageRead(path, p, width, height, width * 3));
        }

        return new BgrImage(width, height, pixels);
    }

    /// <summary>Encodes the image into <paramref name="path"/>; the extension picks the format.</summary>
    public void Write(string path)
    {
        fixed (byte* p = Pixels)
        {
            OpenCvException.ThrowIfFailed(OpenCvNative.ImageWrite(path, p, Width, Height, Width * 3));
        }
    }
}
