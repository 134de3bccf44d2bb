using System.Diagnostics.CodeAnalysis;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Vision.Interop;
using OpenCvSharp;
using OpenCvSharp.Internal;

namespace RobotEdge.Vision.Capture;

/// <summary>
/// A camera, video file or network stream read through OpenCV's <c>VideoCapture</c> (OpenCvSharp4;
/// V4L2 backend for devices, FFmpeg for files and streams). Each capture decodes the next image as
/// BGR24 straight into the caller's pooled <see cref="Frame"/> buffer: <c>VideoCapture::read</c>
/// writes into a Mat header over that (pinned) buffer, so there is no intermediate managed or native
/// frame copy on our side, and a check after each read proves OpenCV did not reallocate it.
/// </summary>
/// <remarks>
/// <para>Capture stamps are on the <see cref="MonotonicClock"/>, and a frame's latency clock
/// (<see cref="FrameStamp.CaptureNs"/> = <see cref="FrameStamp.ReadyRealNs"/>) starts at them:</para>
/// <list type="bullet">
/// <item>V4L2 device: the driver's buffer timestamp, which OpenCV's V4L2 backend exposes as
/// <c>CAP_PROP_POS_MSEC</c> after a grab (<c>v4l2_buffer.timestamp</c>: CLOCK_MONOTONIC, taken by
/// the driver when the frame's first or last byte arrived, by the driver's choice). It is used when
/// plausible (not in the future, under a second old; <see cref="LastStampFromDriver"/>); otherwise
/// the time the frame was read.</item>
/// <item>Network stream (RTSP, HTTP/MJPEG through FFmpeg): a stream carries no capture time on this
/// machine's clock (its presentation times start at the stream's own origin), so the clock starts
/// when OpenCV has read and decoded the frame. Camera exposure, encoding, network transfer and
/// FFmpeg's buffering before that are not in the figures.</item>
/// <item>Video file: as fast as read, the time the frame was read and decoded; at the recorded rate,
/// the frame's due time: the first frame's delivery time plus its presentation time in the file
/// (frame i is delivered then).</item>
/// </list>
/// <para>One thread at a time (the camera thread). <see cref="TryCapture"/> allocates nothing.</para>
/// </remarks>
public sealed unsafe class OpenCvFrameSource : IFrameSource
{
    /// <summary>Largest age of a driver timestamp still taken as this frame's capture time, ns.</summary>
    private const long MaxDriverStampAgeNs = 1_000_000_000;

    /// <summary>OpenCV's <c>CAP_PROP_POS_MSEC</c>.</summary>
    private const int PositionMsProperty = (int)VideoCaptureProperties.PosMsec;

    /// <summary>The capture; null once disposed.</summary>
    private VideoCapture? _capture;

    /// <summary>For a network stream, the ffmpeg relay feeding the capture; null otherwise.</summary>
    private StreamRelay? _relay;

    /// <summary>Number of the next frame delivered, from 0; keeps counting across file loops.</summary>
    private long _sequence;

    /// <summary>Recorded-rate replay: monotonic time of presentation time 0 of the current pass; 0 when unset.</summary>
    private long _replayOriginNs;

    /// <summary>Frames delivered in the current pass through a file (for files without presentation times).</summary>
    private long _passFrames;

    private OpenCvFrameSource(VideoCapture capture, CameraSourceKind kind, ReplayPacing pacing, bool loop, string location)
    {
        _capture = capture;
        Kind = kind;
        Pacing = pacing;
        Loop = loop;
        Location = location;
        Width = (int)capture.Get(VideoCaptureProperties.FrameWidth);
        Height = (int)capture.Get(VideoCaptureProperties.FrameHeight);
        if (Width <= 0 || Height <= 0)
        {
            capture.Dispose();
            _capture = null;
            throw new InvalidDataException($"{location}: OpenCV reports no frame size ({Width}x{Height})");
        }

        Fps = capture.Get(VideoCaptureProperties.Fps);
        double frames = capture.Get(VideoCaptureProperties.FrameCount);
        FrameCount = frames > 0 ? (long)frames : 0;
        Backend = capture.GetBackendName();
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

        VideoCapture capture = Opened(OpenCvCall.Run("open device", () => new VideoCapture(device, VideoCaptureAPIs.V4L2)), $"V4L2 device {device}");
        try
        {
            // Format, size and rate are set after opening, in that order, which OpenCV's V4L2
            // backend honours (open-time parameters are not consumed by every backend version).
            if (fourCc is not null)
            {
                if (fourCc.Length != 4)
                {
                    throw new ArgumentException($"camera fourcc '{fourCc}' is not four characters (MJPG, YUYV)", nameof(fourCc));
                }

                capture.Set(VideoCaptureProperties.FourCC, VideoWriter.FourCC(fourCc[0], fourCc[1], fourCc[2], fourCc[3]));
            }

            if (width > 0)
            {
                capture.Set(VideoCaptureProperties.FrameWidth, width);
            }

            if (height > 0)
            {
                capture.Set(VideoCaptureProperties.FrameHeight, height);
            }

            if (fps > 0)
            {
                capture.Set(VideoCaptureProperties.Fps, fps);
            }

            // A deep driver queue hands out stale frames; keep it short.
            capture.Set(VideoCaptureProperties.BufferSize, 2);
            return new OpenCvFrameSource(capture, CameraSourceKind.V4l2Device, ReplayPacing.AsFastAsPossible, false, device);
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Opens a video file for replay.</summary>
    public static OpenCvFrameSource OpenFile(string path, ReplayPacing pacing, bool loop = false)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"video file {path} does not exist", path);
        }

        return new OpenCvFrameSource(OpenUrl(path), CameraSourceKind.File, pacing, loop, path);
    }

    /// <summary>Opens a network stream (rtsp://, http://): Debian's ffmpeg receives it, OpenCV's FFmpeg decodes it (<see cref="StreamRelay"/>).</summary>
    public static OpenCvFrameSource OpenStream(string url)
    {
        StreamRelay relay = StreamRelay.Start(url);
        try
        {
            VideoCapture capture = OpenCvCall.Run("open stream", () => new VideoCapture(relay.PipePath, VideoCaptureAPIs.FFMPEG));
            relay.Opened();
            if (!capture.IsOpened())
            {
                capture.Dispose();
                throw new OpenCvException(OpenCvStatus.OpenFailed, $"cannot open stream {url}: {(relay.Errors.Length > 0 ? relay.Errors : "ffmpeg delivered no video")}");
            }

            return new OpenCvFrameSource(capture, CameraSourceKind.Stream, ReplayPacing.AsFastAsPossible, false, url) { _relay = relay };
        }
        catch
        {
            relay.Dispose();
            throw;
        }
    }

    private static VideoCapture OpenUrl(string url) =>
        Opened(OpenCvCall.Run("open url", () => new VideoCapture(url, VideoCaptureAPIs.FFMPEG)), $"video {url} through the FFmpeg backend");

    private static VideoCapture Opened(VideoCapture capture, string what)
    {
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new OpenCvException(OpenCvStatus.OpenFailed, $"cannot open {what}");
        }

        return capture;
    }

    /// <summary>
    /// Decodes the next image into <paramref name="frame"/> (rented by the caller, who keeps it) and
    /// stamps it. Blocks until the device delivers, or until the frame's recorded time when replaying
    /// at the recorded rate. Allocation-free.
    /// </summary>
    /// <returns>false at the end of a file that does not loop.</returns>
    /// <exception cref="ArgumentException">The frame's size differs from <see cref="Width"/>×<see cref="Height"/>.</exception>
    /// <exception cref="OpenCvException">Decoding failed, or the stream's frames do not fit the buffer.</exception>
    public bool TryCapture(Frame frame)
    {
        ObjectDisposedException.ThrowIf(_capture is null, this);
        if (frame.Width != Width || frame.Height != Height)
        {
            ThrowFrameSize(frame);
        }

        if (!Read(frame))
        {
            if (!Loop || Kind != CameraSourceKind.File)
            {
                return false;
            }

            Rewind();
            _replayOriginNs = 0;
            _passFrames = 0;
            if (!Read(frame))
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
        // The latency clock starts at the capture stamp, not at the read: the time the frame spent in
        // the driver's queue and in OpenCV's read belongs to the frame's latency.
        frame.Stamp = new FrameStamp(_sequence++, captureNs, captureNs);
        return true;
    }

    /// <summary>
    /// Reads the next frame into <paramref name="frame"/>'s buffer and its presentation time into
    /// <see cref="LastPositionMs"/>; false at the end of the stream. Real-time safe: the Mat header
    /// and its proxy are native objects made and freed here, nothing managed is allocated.
    /// </summary>
    private bool Read(Frame frame)
    {
        nint capture = _capture!.CvPtr;
        int ok;
        bool reallocated;
        fixed (byte* pixels = frame.Pixels)
        {
            // No try/finally on the frame path (see MatHeader): the header is freed before the status is checked.
            MatHeader destination = MatHeader.Over(pixels, Height, Width, MatType.CV_8UC3, frame.StrideBytes);
            // read = grab + retrieve; retrieve converts into the header's memory when size and type
            // match (Mat::create is then a no-op), so the frame lands in the pooled buffer directly.
            ExceptionStatus status = NativeMethods.videoio_VideoCapture_read_Mat(capture, destination.Mat, out ok);
            reallocated = status == ExceptionStatus.NotOccurred && ok != 0 && !destination.StillOver();
            destination.Dispose();
            OpenCvCall.Check(status, "capture read");
        }

        GC.KeepAlive(_capture);
        if (ok == 0)
        {
            return false;
        }

        if (reallocated)
        {
            ThrowReallocated();
        }

        // After grab: the driver's buffer timestamp for V4L2, the presentation time for files.
        OpenCvCall.Check(NativeMethods.videoio_VideoCapture_get(capture, PositionMsProperty, out double positionMs), "capture position");
        LastPositionMs = positionMs >= 0 ? positionMs : double.NaN;
        return true;
    }

    private void Rewind()
    {
        if (!_capture!.Set(VideoCaptureProperties.PosFrames, 0))
        {
            throw new OpenCvException(OpenCvStatus.OpenFailed, $"{Location}: the stream cannot seek back to its first frame");
        }
    }

    private long DeviceStamp(long nowNs)
    {
        long captureNs = ChooseDeviceCaptureNs(LastPositionMs, nowNs, out bool fromDriver);
        LastStampFromDriver = fromDriver;
        return captureNs;
    }

    /// <summary>
    /// The capture time of a V4L2 frame: the driver's buffer timestamp <paramref name="driverStampMs"/>
    /// (OpenCV's <c>CAP_PROP_POS_MSEC</c> after a grab, CLOCK_MONOTONIC in ms) when it is plausible —
    /// positive, not after <paramref name="readNs"/>, and less than a second before it — otherwise
    /// <paramref name="readNs"/>, the time the frame was read. Pure; real-time safe.
    /// </summary>
    /// <param name="driverStampMs">The driver's timestamp, ms on the monotonic clock; NaN or ≤ 0 when there is none.</param>
    /// <param name="readNs">When the frame was read, ns on the monotonic clock.</param>
    /// <param name="fromDriver">Whether the driver's timestamp was taken.</param>
    public static long ChooseDeviceCaptureNs(double driverStampMs, long readNs, out bool fromDriver)
    {
        long driverNs = double.IsFinite(driverStampMs) ? (long)(driverStampMs * 1e6) : 0;
        fromDriver = driverNs > 0 && driverNs <= readNs && readNs - driverNs < MaxDriverStampAgeNs;
        return fromDriver ? driverNs : readNs;
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
        VideoCapture? capture = _capture;
        _capture = null;
        capture?.Dispose();
        StreamRelay? relay = _relay;
        _relay = null;
        relay?.Dispose();
    }

    [DoesNotReturn]
    private void ThrowReallocated() => throw new OpenCvException(OpenCvStatus.SizeMismatch,
        $"capture read: {Location} delivered a frame that is not {Width}x{Height} BGR24, so OpenCV reallocated the destination instead of decoding into the pooled buffer");

    [DoesNotReturn]
    private void ThrowFrameSize(Frame frame) => throw new ArgumentException(
        $"frame is {frame.Width}x{frame.Height}, {Location} delivers {Width}x{Height}: rent frames from a pool of the source's size");
}
