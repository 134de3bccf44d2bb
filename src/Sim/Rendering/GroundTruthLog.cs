namespace RobotEdge.Sim.Rendering;

/// <summary>
/// The ground truth of the most recent <see cref="Capacity"/> frames, indexed by sequence number.
/// One writer (the camera thread) and any readers: each entry carries a version (the sequence it
/// holds, or −1 while being written) read before and after the copy, so a reader never returns a
/// torn entry. Allocation-free.
/// </summary>
public sealed class GroundTruthLog
{
    /// <summary>Frames kept.</summary>
    public const int Capacity = 512;

    private readonly FrameGroundTruth[] _entries = new FrameGroundTruth[Capacity];
    private readonly long[] _versions = new long[Capacity];
    private long _latest = -1;

    /// <summary>Sequence of the newest frame written, or −1. Any thread.</summary>
    public long LatestSequence => Volatile.Read(ref _latest);

    /// <summary>Creates an empty log.</summary>
    public GroundTruthLog() => Array.Fill(_versions, -1L);

    /// <summary>Stores the truth of frame <see cref="FrameGroundTruth.Sequence"/>. Writer thread only.</summary>
    public void Write(in FrameGroundTruth truth)
    {
        int slot = (int)(truth.Sequence % Capacity);
        Volatile.Write(ref _versions[slot], -1);
        // The entry must not be seen as valid before it is fully written: the release write below orders it.
        _entries[slot] = truth;
        Volatile.Write(ref _versions[slot], truth.Sequence);
        Volatile.Write(ref _latest, truth.Sequence);
    }

    /// <summary>The truth of frame <paramref name="sequence"/>, if it is still in the log.</summary>
    public bool TryGet(long sequence, out FrameGroundTruth truth)
    {
        int slot = (int)(sequence % Capacity);
        long before = Volatile.Read(ref _versions[slot]);
        truth = _entries[slot];
        Interlocked.MemoryBarrier();
        long after = Volatile.Read(ref _versions[slot]);
        return before == sequence && after == sequence;
    }
}
