using RobotEdge.Bus.Messages;

namespace RobotEdge.Bus.Frames;

/// <summary>
/// One camera image in a buffer owned by a <see cref="FramePool"/>. Pixels are BGR24, row-major,
/// <see cref="StrideBytes"/> bytes per row. Exactly one stage owns a frame at a time: the one that
/// rented it or received it through a hand-off; that stage either passes it on or returns it.
/// </summary>
public sealed class Frame
{
    internal Frame(int width, int height, int poolIndex)
    {
        Width = width;
        Height = height;
        StrideBytes = width * 3;
        Pixels = new byte[StrideBytes * height];
        PoolIndex = poolIndex;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row.</summary>
    public int StrideBytes { get; }

    /// <summary>The BGR24 pixels; the buffer is allocated once and reused for the pool's lifetime.</summary>
    public byte[] Pixels { get; }

    /// <summary>Sequence number and capture times, set by the frame source.</summary>
    public FrameStamp Stamp { get; set; }

    /// <summary>
    /// The robot's measured joint state at capture, so that later stages know where the camera was
    /// pointing. Set by the stage that captures the frame.
    /// </summary>
    public JointState JointsAtCapture { get; set; }

    /// <summary>Position of this frame in its pool.</summary>
    internal int PoolIndex { get; }
}
