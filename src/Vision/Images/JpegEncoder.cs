using OpenCvSharp;
using OpenCvSharp.Internal;
using OpenCvSharp.Internal.Vectors;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Images;

/// <summary>
/// JPEG encoding of BGR24 frames through OpenCV's <c>imencode</c> (libjpeg-turbo inside
/// OpenCvSharp's runtime): the console's live video and the edge wire's compressed-frame option.
/// The encoder holds OpenCV's output vector for its lifetime, so after the first frames an encode
/// reuses its capacity and allocates nothing on the managed heap. One instance per thread;
/// dispose it to free the native buffer (a finalizer frees it otherwise).
/// </summary>
public sealed unsafe class JpegEncoder : IDisposable
{
    private readonly VectorOfByte _output = new();
    private readonly int[] _parameters;

    /// <summary>Creates an encoder for frames of the given size.</summary>
    /// <param name="width">Frame width, 1 to 65535 pixels (JPEG's limit).</param>
    /// <param name="height">Frame height, 1 to 65535 pixels.</param>
    /// <param name="quality">1 (smallest) to 100 (best): libjpeg's scale of the Annex K tables.</param>
    public JpegEncoder(int width, int height, int quality = 75)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 65535);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 65535);
        if (quality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 1..100");
        }

        Width = width;
        Height = height;
        Quality = quality;
        _parameters = [(int)ImwriteFlags.JpegQuality, quality];
    }

    /// <summary>Frame width, pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height, pixels.</summary>
    public int Height { get; }

    /// <summary>The quality factor, 1..100.</summary>
    public int Quality { get; }

    /// <summary>
    /// Encodes one BGR24 frame (row-major, <paramref name="strideBytes"/> per row) as a baseline JFIF
    /// (YCbCr 4:2:0). The result is the encoder's own buffer and stays valid until the next call
    /// or <see cref="Dispose"/>. Allocation-free once the buffer has grown to the frames' size.
    /// </summary>
    /// <exception cref="ArgumentException">The buffer does not hold a frame of this size.</exception>
    /// <exception cref="OpenCvException">OpenCV failed to encode.</exception>
    public ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> bgr, int strideBytes)
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        if (strideBytes < Width * 3 || bgr.Length < strideBytes * (Height - 1) + Width * 3)
        {
            throw new ArgumentException(
                $"a {Width}x{Height} BGR24 frame needs {Width * 3} bytes per row and {(long)strideBytes * (Height - 1) + Width * 3} bytes", nameof(bgr));
        }

        nint vector = _output.CvPtr;
        int length = EncodeInto(vector, bgr, Width, Height, strideBytes, _parameters);
        GC.KeepAlive(_output);
        return new ReadOnlySpan<byte>((void*)NativeMethods.vector_uchar_getPointer(vector), length);
    }

    /// <summary>Frees the native output buffer.</summary>
    public void Dispose() => _output.Dispose();

    /// <summary>imencode(".jpg") of the image into the native <c>std::vector&lt;uchar&gt;</c> at <paramref name="vector"/>; returns its length. Allocation-free.</summary>
    internal static int EncodeInto(nint vector, ReadOnlySpan<byte> bgr, int width, int height, int strideBytes, int[] parameters)
    {
        int ok;
        fixed (byte* pixels = bgr)
        {
            // No try/finally here (see MatHeader): the header is freed before the status is checked.
            MatHeader image = MatHeader.Over(pixels, height, width, MatType.CV_8UC3, strideBytes);
            ExceptionStatus status = NativeMethods.imgcodecs_imencode_vector(".jpg", image.Input, vector, parameters, parameters.Length, out ok);
            image.Dispose();
            OpenCvCall.Check(status, "encode JPEG");
        }

        if (ok == 0)
        {
            throw new OpenCvException(OpenCvStatus.OpenCvError, "encode JPEG: imencode refused the image");
        }

        return checked((int)NativeMethods.vector_uchar_getSize(vector));
    }
}
