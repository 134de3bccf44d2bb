using RobotEdge.Bus.Messages;

namespace RobotEdge.Bus.Frames;

/// <summary>
/// A copy of a recent frame and its pose estimate for one viewer (the console's video thread),
/// taken from the compute thread only when the viewer asks: the viewer <see cref="Request"/>s, the
/// next <see cref="Offer"/> copies the frame into the tap's own buffer, and the viewer
/// <see cref="TryTake"/>s it and owns the buffer until its next request. A viewer that is slow simply
/// asks less often — frames in between are never copied, nothing queues, and the robot never waits.
/// </summary>
/// <remarks>
/// One writer thread (the compute stage) and one reader thread. The state moves Idle → Requested
/// (reader) → Filled (writer) → Idle (reader takes) and back; each side writes the buffer only in
/// the state that gives it the buffer, with release/acquire on the state, so the pixels never tear.
/// </remarks>
public sealed class FrameTap
{
    private const int Idle = 0;
    private const int Requested = 1;
    private const int Filled = 2;

    /// <summary>Idle, Requested or Filled; see the remarks.</summary>
    private int _state;

    private long _copies;

    /// <summary>Creates a tap for frames of the given size (BGR24).</summary>
    public FrameTap(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The copied BGR24 pixels (stride = 3 × width); the reader's after a successful <see cref="TryTake"/>.</summary>
    public byte[] Pixels { get; }

    /// <summary>The copied frame's stamp; the reader's after a successful <see cref="TryTake"/>.</summary>
    public FrameStamp Stamp { get; private set; }

    /// <summary>The pose estimate inferred from the copied frame; the reader's after a successful <see cref="TryTake"/>.</summary>
    public PoseEstimate Estimate { get; private set; }

    /// <summary>Frames copied so far. Any thread.</summary>
    public long CopyCount => Volatile.Read(ref _copies);

    /// <summary>
    /// Writer: copies <paramref name="frame"/> and <paramref name="estimate"/> if the reader asked for
    /// a frame, otherwise does nothing. Real-time safe: no allocation, no lock, no wait; the copy is
    /// one memcpy of the frame, made only when requested.
    /// </summary>
    /// <returns>true when the frame was copied.</returns>
    public bool Offer(Frame frame, in PoseEstimate estimate)
    {
        if (Volatile.Read(ref _state) != Requested)
        {
            return false;
        }

        if (frame.Width != Width || frame.Height != Height)
        {
            return false;
        }

        frame.Pixels.AsSpan(0, Pixels.Length).CopyTo(Pixels);
        Stamp = frame.Stamp;
        Estimate = estimate;
        Volatile.Write(ref _copies, _copies + 1);
        // Release: the copy is complete before the reader can see Filled.
        Volatile.Write(ref _state, Filled);
        return true;
    }

    /// <summary>Reader: asks for the next frame; the reader must not touch the buffer until <see cref="TryTake"/> succeeds.</summary>
    public void Request() => Volatile.Write(ref _state, Requested);

    /// <summary>Reader: whether the requested frame has been copied; the buffer is then the reader's until its next <see cref="Request"/>.</summary>
    public bool TryTake()
    {
        if (Volatile.Read(ref _state) != Filled)
        {
            return false;
        }

        _state = Idle;
        return true;
    }
}
