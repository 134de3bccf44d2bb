using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Images;

/// <summary>
/// JPEG in memory through OpenCV's codec (libjpeg-turbo on Debian): BGR24 pixels to bytes and back,
/// into caller-owned buffers. Used to measure a compressed frame against the raw tensor on the edge
/// wire. Thread-safe; after its first calls on a thread an encode reuses that thread's buffer.
/// </summary>
public static unsafe class JpegCodec
{
    /// <summary>Encodes a BGR24 image at <paramref name="quality"/> (1..100) into <paramref name="output"/>; returns the length.</summary>
    /// <exception cref="OpenCvException">Bad arguments, or the JPEG does not fit in <paramref name="output"/>.</exception>
    public static int Encode(ReadOnlySpan<byte> bgr, int width, int height, int quality, Span<byte> output)
    {
        if (bgr.Length < width * height * 3)
        {
            throw new ArgumentException($"{bgr.Length} bytes do not hold a {width}x{height} BGR24 image", nameof(bgr));
        }

        fixed (byte* pixels = bgr)
        fixed (byte* encoded = output)
        {
            OpenCvException.ThrowIfFailed(OpenCvNative.JpegEncode(pixels, width, height, width * 3, quality, encoded, output.Length, out int length));
            return length;
        }
    }

    /// <summary>Decodes <paramref name="jpeg"/>, which must be <paramref name="width"/>×<paramref name="height"/>, into <paramref name="bgr"/>.</summary>
    /// <exception cref="OpenCvException">Not a JPEG, or another size.</exception>
    public static void Decode(ReadOnlySpan<byte> jpeg, Span<byte> bgr, int width, int height)
    {
        if (bgr.Length < width * height * 3)
        {
            throw new ArgumentException($"{bgr.Length} bytes do not hold a {width}x{height} BGR24 image", nameof(bgr));
        }

        fixed (byte* encoded = jpeg)
        fixed (byte* pixels = bgr)
        {
            OpenCvException.ThrowIfFailed(OpenCvNative.JpegDecode(encoded, jpeg.Length, pixels, width, height, width * 3));
        }
    }
}
