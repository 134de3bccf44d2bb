using RobotEdge.Bus.Messages;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// One slot of the simulated camera's render-ahead ring: a picture rendered for a given exposure,
/// with its truth. One writer (the renderer thread) and one reader (the camera thread), joined by a
/// version in the manner of a sequence lock: <see cref="Version"/> is −1 while the slot is written and
/// the frame's sequence once it is complete; the reader checks it before and after copying out, so it
/// never delivers a picture half overwritten by a later frame. Allocated once; no locks.
/// </summary>
internal sealed class RenderedFrame
{
    /// <summary>The sequence of the frame the slot holds, or −1 while it is being (or has never been) written.</summary>
    private long _version = -1;

    /// <summary>Creates a slot for <paramref name="width"/>×<paramref name="height"/> BGR24 pictures.</summary>
    public RenderedFrame(int width, int height) => Pixels = new byte[width * height * 3];

    /// <summary>The picture, BGR24, width × 3 bytes per row. Written by the renderer between <see cref="BeginWrite"/> and <see cref="EndWrite"/>.</summary>
    public byte[] Pixels { get; }

    /// <summary>The picture's truth (pixel truths of the rendered pose, the scene at the exposure time).</summary>
    public FrameGroundTruth Truth;

    /// <summary>Monotonic time the rendering finished, nanoseconds.</summary>
    public long RenderedNs;

    /// <summary>The true joint state the picture's pose was predicted from (when <see cref="HasRenderState"/>).</summary>
    public JointState RenderState;

    /// <summary>Whether a true state had been published when the picture was rendered.</summary>
    public bool HasRenderState;

    /// <summary>The sequence of the complete frame held, or −1. Acquire read: what the writer wrote before <see cref="EndWrite"/> is visible after it.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Marks the slot as being written (renderer thread).</summary>
    public void BeginWrite()
    {
        Volatile.Write(ref _version, -1);
        // The reader must see −1 before any byte of the new picture: a full fence, since the release
        // write above does not keep later plain writes from moving before it.
        Interlocked.MemoryBarrier();
    }

    /// <summary>Publishes the slot as frame <paramref name="sequence"/> (renderer thread); release write, after the picture and truth.</summary>
    public void EndWrite(long sequence) => Volatile.Write(ref _version, sequence);

    /// <summary>
    /// Copies frame <paramref name="sequence"/> out (camera thread) if the slot holds it, complete and
    /// unchanged during the copy.
    /// </summary>
    /// <returns>false when the slot holds another frame or is being written; <paramref name="pixels"/> may then hold a partial copy.</returns>
    public bool TryCopy(long sequence, Span<byte> pixels, out FrameGroundTruth truth, out long renderedNs, out JointState renderState,
        out bool hasRenderState)
    {
        truth = default;
        renderedNs = 0;
        renderState = default;
        hasRenderState = false;
        if (Version != sequence)
        {
            return false;
        }

        Pixels.AsSpan().CopyTo(pixels);
        truth = Truth;
        renderedNs = RenderedNs;
        renderState = RenderState;
        hasRenderState = HasRenderState;
        // The copy's reads must complete before the version is read again (pairs with BeginWrite's fence).
        Interlocked.MemoryBarrier();
        return Version == sequence;
    }
}
