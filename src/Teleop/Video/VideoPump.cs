using System.Buffers.Binary;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Vision.Images;

namespace RobotEdge.Teleop.Video;

/// <summary>
/// The console's video thread: while someone watches, asks the frame tap for a copy of the next
/// processed frame, encodes it as JPEG (OpenCV's encoder, <see cref="JpegEncoder"/>) and hands the message (header with the frame's keypoints +
/// JPEG) to <see cref="FrameReady"/>, at most <see cref="MaxFps"/> times a second. It never touches
/// a robot thread's data except through the tap, so the robot's loop never waits for video.
/// </summary>
/// <remarks>
/// Message layout (little-endian): byte 0 = 1 (video frame); byte 1 = keypoint count n; bytes 2–3
/// width; 4–5 height; 6–7 reserved; 8–15 frame sequence; 16–23 capture time on the robot's clock,
/// ns; then n × (x px, y px, confidence) as float32; then the JPEG bytes.
/// </remarks>
public sealed class VideoPump : IDisposable
{
    /// <summary>Bytes before the keypoints.</summary>
    public const int HeaderBytes = 24;

    private readonly FrameTap _tap;
    private readonly JpegEncoder _encoder;
    private readonly Func<bool> _watched;
    private readonly Action<Exception> _fault;
    private Thread? _thread;
    private volatile bool _stop;
    private long _sent, _bytes;
    private double _encodeMsAverage;

    /// <summary>
    /// Creates the pump; <paramref name="watched"/> says whether any page wants video now;
    /// <paramref name="fault"/> gets an unexpected exception from the video thread (its fault
    /// barrier), after which the thread ends.
    /// </summary>
    public VideoPump(FrameTap tap, int jpegQuality, double maxFps, Func<bool> watched, Action<Exception> fault)
    {
        _tap = tap;
        _encoder = new JpegEncoder(tap.Width, tap.Height, jpegQuality);
        _watched = watched;
        _fault = fault;
        MaxFps = maxFps;
    }

    /// <summary>Most frames encoded per second.</summary>
    public double MaxFps { get; }

    /// <summary>Called on the video thread with each encoded message (a fresh array the receiver may keep).</summary>
    public event Action<byte[]>? FrameReady;

    /// <summary>Frames encoded and handed on.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Size of the newest message, bytes.</summary>
    public long LastBytes => Interlocked.Read(ref _bytes);

    /// <summary>Exponential average of the JPEG encoding time, ms.</summary>
    public double EncodeMsAverage => Volatile.Read(ref _encodeMsAverage);

    /// <summary>Starts the video thread.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { Name = "robotedge-console-video", IsBackground = true, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Builds one frame message from the tap's current copy (video thread, or tests).</summary>
    public byte[] EncodeCurrent()
    {
        long t0 = MonotonicClock.GetTimestampNs();
        ReadOnlySpan<byte> jpeg = _encoder.Encode(_tap.Pixels, _tap.Width * 3);
        double ms = (MonotonicClock.GetTimestampNs() - t0) * 1e-6;
        Volatile.Write(ref _encodeMsAverage, _encodeMsAverage == 0 ? ms : 0.9 * _encodeMsAverage + 0.1 * ms);

        PoseEstimate estimate = _tap.Estimate;
        int n = Math.Clamp(estimate.KeypointCount, 0, KeypointSet.Capacity);
        var message = new byte[HeaderBytes + n * 12 + jpeg.Length];
        Span<byte> span = message;
        span[0] = 1;
        span[1] = (byte)n;
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)_tap.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)_tap.Height);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], _tap.Stamp.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], _tap.Stamp.CaptureNs);
        for (int i = 0; i < n; i++)
        {
            Keypoint k = estimate.Keypoints[i];
            int o = HeaderBytes + i * 12;
            BinaryPrimitives.WriteSingleLittleEndian(span[o..], k.XPx);
            BinaryPrimitives.WriteSingleLittleEndian(span[(o + 4)..], k.YPx);
            BinaryPrimitives.WriteSingleLittleEndian(span[(o + 8)..], k.Confidence);
        }

        jpeg.CopyTo(span[(HeaderBytes + n * 12)..]);
        return message;
    }

    private void Run()
    {
        try
        {
            Pump();
        }
        catch (Exception e)
        {
            // The barrier: nothing here is expected to throw (no I/O; the pages' sockets are the
            // sessions' business), so anything that does is a defect, reported to stop the robot.
            _fault(e);
        }
    }

    private void Pump()
    {
        long periodNs = (long)(1e9 / MaxFps);
        while (!_stop)
        {
            if (!_watched())
            {
                Thread.Sleep(50);
                continue;
            }

            long start = MonotonicClock.GetTimestampNs();
            _tap.Request();
            while (!_stop && !_tap.TryTake())
            {
                Thread.Sleep(2);
            }

            if (_stop)
            {
                break;
            }

            byte[] message = EncodeCurrent();
            Interlocked.Exchange(ref _bytes, message.Length);
            Interlocked.Increment(ref _sent);
            FrameReady?.Invoke(message);
            long remaining = start + periodNs - MonotonicClock.GetTimestampNs();
            if (remaining > 0)
            {
                Thread.Sleep(TimeSpan.FromTicks(remaining / 100));
            }
        }
    }

    /// <summary>Stops the thread.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread?.Join();
        _encoder.Dispose();
    }
}
