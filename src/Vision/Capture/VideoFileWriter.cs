using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Capture;

/// <summary>
/// Writes BGR24 frames into a video file through OpenCV: test clips, recordings.
/// <c>FFV1</c> in .mkv (FFmpeg) is lossless; <c>MJPG</c> in .avi is written by OpenCV's own encoder at quality 100. One thread.
/// </summary>
public sealed unsafe class VideoFileWriter : IDisposable
{
    private nint _handle;

    /// <summary>Opens <paramref name="path"/> for frames of the given size and rate.</summary>
    /// <exception cref="OpenCvException">The codec or container is not available, or the path cannot be written.</exception>
    public VideoFileWriter(string path, string fourCc, double fps, int width, int height)
    {
        OpenCvException.ThrowIfFailed(OpenCvNative.WriterOpen(path, fourCc, fps, width, height, out _handle));
        Path = path;
        Width = width;
        Height = height;
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>Frame width, pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height, pixels.</summary>
    public int Height { get; }

    /// <summary>Appends one frame (<see cref="Height"/> rows of <paramref name="strideBytes"/> bytes).</summary>
    public void Write(ReadOnlySpan<byte> bgr, int strideBytes)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        if (bgr.Length < strideBytes * (Height - 1) + Width * 3)
        {
            throw new ArgumentException($"frame buffer of {bgr.Length} bytes is too small for {Width}x{Height} BGR24");
        }

        fixed (byte* pixels = bgr)
        {
            OpenCvException.ThrowIfFailed(OpenCvNative.WriterWrite(_handle, pixels, Width, Height, strideBytes));
        }
    }

    /// <summary>Finishes the file.</summary>
    public void Dispose()
    {
        nint handle = _handle;
        _handle = 0;
        if (handle != 0)
        {
            OpenCvNative.WriterClose(handle);
        }
    }
}
