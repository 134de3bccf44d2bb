using System.Diagnostics.CodeAnalysis;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Capture;

/// <summary>
/// A camera, video file or network stream read through OpenCV's <c>VideoCapture</c> (V4L2 backend
/// for devices, FFmpeg for files and streams). Each capture decodes the next image as BGR24
/// straight into the caller's pooled <see cref="Frame"/> buffer: OpenCV writes into a Mat header over
/// that buffer, so there is no intermediate managed or native frame copy on our side.
/// </summary>
/// <remarks>
/// Capture stamps are on the <see cref="MonotonicClock"/>. A V4L2 device gives the driver's buffer
/// timestamp (CLOCK_MONOTONIC on Linux), used when it is plausible (not in the future, under a
/// second old); otherwise, and for network streams, the time the frame was read. A file replayed
/// at its recorded rate is paced by the presentation times in the file: frame i is delivered at
/// the first frame's delivery time plus its presentation time, and stamped with that time.
/// One thread at a time (the camera thread). <see cref="TryCapture"/> allocates nothing.
/// </remarks>
public sealed unsafe class OpenCvFrameSource : IFrameSource
{
    /// <summary>Largest age of a driver timestamp still taken as this frame's capture time, ns.</summary>
    private const long MaxDriverStampAgeNs = 1_000_000_000;

    /// <summary>The bridge's capture handle; zero once disposed.</summary>
    private nint _handle;

    /// <summary>Number of the next frame delivered, from 0; keeps counting across file loops.</summary>
    private long _sequence;

    /// <summary>Recorded-rate replay: monotonic time of presentation time 0 of the current pass; 0 when unset.</summary>
    private long _replayOriginNs;

    /// <summary>Frames delivered in the current pass through a file (for files without presentation times).</summary>
    private long _passFrames;

    private OpenCvFrameSource(nint handle, CameraSourceKind kind, ReplayPacing pacing, bool loop, string location)
    {
        _handle = handle;
        Kind = kind;
        Pacing = pacing;
        Loop = loop;
        Location = location;
        OpenCvException.ThrowIfFailed(OpenCvNative.CaptureInfo(handle, out CaptureInfoNative info));
        if (info.Width <= 0 || info.Height <= 0)
        {
            OpenCvNative.CaptureClose(handle);
            _handle = 0;
            throw new InvalidDataException($"{location}: OpenCV reports no frame size ({info.Width}x{info.Height})");
        }

        Width = info.Width;
        Height = info.Height;
        Fps = info.Fps;
        FrameCount = info.FrameCount > 0 ? (long)info.FrameCount : 0;
        Backend = info.BackendString;
    }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <summary>Nominal frame rate the backend reports (0 when it does not know).</summary>
    public double Fps { get; }

    /// <summary>Frames in a file; 0 when unknown (devices, streams).</summary>
    public long FrameCount { get; }

    /// <summary>The OpenCV backend that opened the source ("V4L2", "FFMPEG").</summary>
    public string Backend { get; }

    /// <summary>What kind of source this is.</summary>
    public CameraSourceKind Kind { get; }

    /// <summary>File replay pacing (files only).</summary>
    public ReplayPacing Pacing { get; }

    /// <summary>Whether a file starts over at its end.</summary>
    public bool Loop { get; }

    /// <summary>Device path, file path or URL.</summary>
    public string Location { get; }

    /// <summary>Whether the last frame's capture time is the driver's own timestamp.</summary>
    public bool LastStampFromDriver { get; private set; }

    /// <summary>Presentation time of the last frame within its file or stream, ms (NaN when the backend has none).</summary>
    public double LastPositionMs { get; private set; }

    /// <summary>Opens the source a <see cref="CameraSourceSpec"/> names; devices are asked for the given size and rate.</summary>
    /// <exception cref="ArgumentException">The spec names the simulator, which the host builds itself.</exception>
    /// <exception cref="OpenCvException">The device, file or stream cannot be opened.</exception>
    public static OpenCvFrameSource Open(CameraSourceSpec spec, int width, int height, double fps) => spec.Kind switch
    {
        CameraSourceKind.V4l2Device => OpenDevice(spec.Location, width, height, fps, spec.FourCc),
        CameraSourceKind.File => OpenFile(spec.Location, spec.Pacing, spec.Loop),
        CameraSourceKind.Stream => OpenStream(spec.Location),
        _ => throw new ArgumentException("camera.source 'sim' is the simulator's camera, not an OpenCV source"),
    };

    /// <summary>Opens a V4L2 camera asking for <paramref name="width"/>×<paramref name="height"/> at
    /// <paramref name="fps"/>; <see cref="Width"/>/<see cref="Height"/> say what the driver granted.</summary>
    /// <param name="device">Device path, e.g. /dev/video0.</param>
    /// <param name="width">Requested width, pixels (0: driver default).</param>
    /// <param name="height">Requested height, pixels (0: driver default).</param>
    /// <param name="fps">Requested rate (0: driver default).</param>
    /// <param name="fourCc">Pixel format (MJPG, YUYV), or null for the driver's default.</param>
    public static OpenCvFrameSource OpenDevice(string device, int width, int height, double fps, string? fourCc = null)
    {
        if (!File.Exists(device))
        {
            throw new FileNotFoundException($"camera device {device} does not exist (is the camera plugged in? ls /dev/video*)", device);
        }

        OpenCvException.ThrowIfFailed(OpenCvNative.CaptureOpenDevice(device, width, height, fps, fourCc, out nint handle));
        return new OpenCvFrameSource(handle, CameraSourceKind.V4l2Device, ReplayPacing.AsFastAsPossible, false, device);
    }

    /// <summary>Opens a video file for replay.</summary>
    public static OpenCvFrameSource OpenFile(string path, ReplayPacing pacing, bool loop = false)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"video file {path} does not exist", path);
        }

        OpenCvException.ThrowIfFailed(OpenCvNative.CaptureOpenUrl(path, out nint handle));
        return new OpenCvFrameSource(handle, CameraSourceKind.File, pacing, loop, path);
    }

    /// <summary>Opens a network stream (rtsp://, http://) through FFmpeg.</summary>
    public static OpenCvFrameSource OpenStream(string url)
    {
        OpenCvException.ThrowIfFailed(OpenCvNative.CaptureOpenUrl(url, out nint handle));
        return new OpenCvFrameSource(handle, CameraSourceKind.Stream, ReplayPacing.AsFastAsPossible, false, url);
    }

    /// <summary>
    /// Decodes the next image into <paramref name="frame"/> (rented by the caller, who keeps it) and
    /// stamps it. Blocks until the device delivers, or until the frame's recorded time when replaying
    /// at the recorded rate. Allocation-free.
    /// </summary>
    /// <returns>false at the end of a file that does not loop.</returns>
    /// <exception cref="ArgumentException">The frame's size differs from <see cref="Width"/>×<see cref="Height"/>.</exception>
    /// <exception cref="OpenCvException">Decoding failed.</exception>
    public bool TryCapture(Frame frame)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        if (frame.Width != Width || frame.Height != Height)
        {
            ThrowFrameSize(frame);
        }

        OpenCvStatus status = Read(frame);
        if (status == OpenCvStatus.End)
        {
            if (!Loop || Kind != CameraSourceKind.File)
            {
                return false;
            }

            OpenCvException.ThrowIfFailed(OpenCvNative.CaptureRewind(_handle));
            _replayOriginNs = 0;
            _passFrames = 0;
            if (Read(frame) != OpenCvStatus.Ok)
            {
                return false;
            }
        }

        long nowNs = MonotonicClock.GetTimestampNs();
        long captureNs = Kind switch
        {
            CameraSourceKind.V4l2Device => DeviceStamp(nowNs),
            CameraSourceKind.File when Pacing == ReplayPacing.RecordedRate => PaceReplay(nowNs),
            _ => nowNs,
        };
        _passFrames++;
        frame.Stamp = new FrameStamp(_sequence++, captureNs, Math.Max(captureNs, nowNs));
        return true;
    }

    private OpenCvStatus Read(Frame frame)
    {
        double positionMs;
        int status;
        fixed (byte* pixels = frame.Pixels)
        {
            status = OpenCvNative.CaptureRead(_handle, pixels, Width, Height, frame.StrideBytes, &positionMs);
        }

        LastPositionMs = positionMs;
        return OpenCvException.ThrowIfFailed(status);
    }

    private long DeviceStamp(long nowNs)
    {
        double ms = LastPositionMs;
        long driverNs = double.IsFinite(ms) ? (long)(ms * 1e6) : 0;
        LastStampFromDriver = driverNs > 0 && driverNs <= nowNs && nowNs - driverNs < MaxDriverStampAgeNs;
        return LastStampFromDriver ? driverNs : nowNs;
    }

    private long PaceReplay(long nowNs)
    {
        double ms = LastPositionMs;
        long presentationNs = double.IsFinite(ms)
            ? (long)(ms * 1e6)
            : (long)(_passFrames * 1e9 / (Fps > 0 ? Fps : 30));
        if (_replayOriginNs == 0)
        {
            _replayOriginNs = nowNs - presentationNs;
        }

        long dueNs = _replayOriginNs + presentationNs;
        if (dueNs > nowNs)
        {
            PreciseWait.Until(dueNs);
        }

        return dueNs;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        nint handle = _handle;
        _handle = 0;
        if (handle != 0)
        {
            OpenCvNative.CaptureClose(handle);
        }
    }

    [DoesNotReturn]
    private void ThrowFrameSize(Frame frame) => throw new ArgumentException(
        $"frame is {frame.Width}x{frame.Height}, {Location} delivers {Width}x{Height}: rent frames from a pool of the source's size");
}
