using OpenCvSharp;
using OpenCvSharp.Internal;
using OpenCvSharp.Internal.Vectors;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Images;

/// <summary>
/// JPEG in memory through OpenCV's codec: BGR24 pixels to bytes and back, into caller-owned
/// buffers. Used to measure a compressed frame against the raw tensor on the edge wire.
/// Thread-safe; each thread keeps its own native output buffer, so after its first calls an encode
/// allocates nothing on the managed heap (a decode allocates OpenCV's decoded image natively).
/// </summary>
public static unsafe class JpegCodec
{
    [ThreadStatic]
    private static VectorOfByte? _output;

    [ThreadStatic]
    private static int[]? _parameters;

    /// <summary>Encodes a BGR24 image at <paramref name="quality"/> (1..100) into <paramref name="output"/>; returns the length.</summary>
    /// <exception cref="ArgumentException">The image buffer is too small.</exception>
    /// <exception cref="OpenCvException">A quality outside 1..100, or the JPEG does not fit in <paramref name="output"/>.</exception>
    public static int Encode(ReadOnlySpan<byte> bgr, int width, int height, int quality, Span<byte> output)
    {
        if (width < 1 || height < 1 || bgr.Length < width * height * 3)
        {
            throw new ArgumentException($"{bgr.Length} bytes do not hold a {width}x{height} BGR24 image", nameof(bgr));
        }

        if (quality is < 1 or > 100)
        {
            throw new OpenCvException(OpenCvStatus.BadArgument, $"encode JPEG: quality {quality} must be 1..100");
        }

        _output ??= new VectorOfByte();
        _parameters ??= [(int)ImwriteFlags.JpegQuality, 0];
        _parameters[1] = quality;
        nint vector = _output.CvPtr;
        int length = JpegEncoder.EncodeInto(vector, bgr, width, height, width * 3, _parameters);
        if (length > output.Length)
        {
            throw new OpenCvException(OpenCvStatus.SizeMismatch, $"encode JPEG: {length} bytes do not fit in {output.Length}");
        }

        new ReadOnlySpan<byte>((void*)NativeMethods.vector_uchar_getPointer(vector), length).CopyTo(output);
        return length;
    }

    /// <summary>Decodes <paramref name="jpeg"/>, which must be <paramref name="width"/>×<paramref name="height"/>, into <paramref name="bgr"/>.</summary>
    /// <exception cref="ArgumentException">The pixel buffer is too small.</exception>
    /// <exception cref="OpenCvException">Not a decodable image, or another size.</exception>
    public static void Decode(ReadOnlySpan<byte> jpeg, Span<byte> bgr, int width, int height)
    {
        if (width < 1 || height < 1 || bgr.Length < width * height * 3)
        {
            throw new ArgumentException($"{bgr.Length} bytes do not hold a {width}x{height} BGR24 image", nameof(bgr));
        }

        if (jpeg.IsEmpty)
        {
            throw new OpenCvException(OpenCvStatus.BadArgument, "decode JPEG: no input");
        }

        // Decoded into a Mat of its own, not straight into the caller's buffer: given a destination,
        // imdecode leaves it untouched when the bytes do not decode, and that failure could not be
        // told from success.
        nint decoded;
        fixed (byte* encoded = jpeg)
        {
            OpenCvCall.Check(NativeMethods.imgcodecs_imdecode_vector(encoded, jpeg.Length, (int)ImreadModes.Color, out decoded), "decode JPEG");
        }

        try
        {
            OpenCvCall.Check(NativeMethods.core_Mat_rows(decoded, out int rows), "decode JPEG");
            OpenCvCall.Check(NativeMethods.core_Mat_cols(decoded, out int cols), "decode JPEG");
            if (rows == 0 || cols == 0)
            {
                throw new OpenCvException(OpenCvStatus.OpenCvError, "decode JPEG: not a decodable image");
            }

            if (cols != width || rows != height)
            {
                throw new OpenCvException(OpenCvStatus.SizeMismatch, $"decode JPEG: image is {cols}x{rows}, the buffer {width}x{height}");
            }

            OpenCvCall.Check(NativeMethods.core_Mat_data(decoded, out byte* data), "decode JPEG");
            OpenCvCall.Check(NativeMethods.core_Mat_step(decoded, out nint step), "decode JPEG");
            for (int y = 0; y < height; y++)
            {
                new ReadOnlySpan<byte>(data + y * step, width * 3).CopyTo(bgr.Slice(y * width * 3, width * 3));
            }
        }
        finally
        {
            NativeMethods.core_Mat_delete(decoded);
        }
    }
}
