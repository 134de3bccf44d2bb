using OpenCvSharp;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Capture;

/// <summary>
/// Writes BGR24 frames into a video file through OpenCV's <c>VideoWriter</c>: test clips, recordings.
/// <c>FFV1</c> in .mkv (FFmpeg) is lossless; <c>MJPG</c> in .avi is written by OpenCV's own encoder at
/// quality 100 (FFmpeg's writer refuses a quality setting). One thread; not for the frame path.
/// </summary>
public sealed unsafe class VideoFileWriter : IDisposable
{
    private VideoWriter? _writer;

    /// <summary>Opens <paramref name="path"/> for frames of the given size and rate.</summary>
    /// <exception cref="ArgumentException">The fourcc is not four characters, or the rate or size is not positive.</exception>
    /// <exception cref="OpenCvException">The codec or container is not available, or the path cannot be written.</exception>
    public VideoFileWriter(string path, string fourCc, double fps, int width, int height)
    {
        if (fourCc.Length != 4)
        {
            throw new ArgumentException($"video writer fourcc '{fourCc}' is not four characters (FFV1, MJPG)", nameof(fourCc));
        }

        if (fps <= 0 || width <= 0 || height <= 0)
        {
            throw new ArgumentException($"video writer: fps ({fps}) and size ({width}x{height}) must be positive");
        }

        FourCC code = FourCC.FromString(fourCc);
        var size = new Size(width, height);
        _writer = OpenCvCall.Run("open writer", () => fourCc == "MJPG"
            ? new VideoWriter(path, VideoCaptureAPIs.OPENCV_MJPEG, code, fps, size, [(int)VideoWriterProperties.Quality, 100])
            : new VideoWriter(path, VideoCaptureAPIs.FFMPEG, code, fps, size));
        if (!_writer.IsOpened())
        {
            _writer.Dispose();
            _writer = null;
            throw new OpenCvException(OpenCvStatus.OpenFailed, $"open writer: cannot write {path} with codec {fourCc}");
        }

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
        ObjectDisposedException.ThrowIf(_writer is null, this);
        if (strideBytes < Width * 3 || bgr.Length < strideBytes * (Height - 1) + Width * 3)
        {
            throw new ArgumentException($"frame buffer of {bgr.Length} bytes with {strideBytes} bytes per row is too small for {Width}x{Height} BGR24");
        }

        fixed (byte* pixels = bgr)
        {
            using Mat frame = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, (nint)pixels, strideBytes);
            OpenCvCall.Run("write frame", () =>
            {
                _writer.Write(frame);
                return 0;
            });
        }
    }

    /// <summary>Finishes the file.</summary>
    public void Dispose()
    {
        VideoWriter? writer = _writer;
        _writer = null;
        if (writer is not null)
        {
            writer.Release();
            writer.Dispose();
        }
    }
}
