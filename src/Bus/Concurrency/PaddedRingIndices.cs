using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Concurrency;

/// <summary>
/// The positions of a <see cref="SpscRing{T}"/>, laid out so that the producer's and the consumer's
/// fields sit on different cache lines, and neither shares a line with the ring's other fields
/// (which precede this struct in the object). 128-byte spacing rather than 64 because x64 parts
/// prefetch cache lines in adjacent pairs, and some Arm cores have 128-byte lines.
/// A separate non-generic struct because the runtime refuses explicit layout on generic types.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * Spacing)]
internal struct PaddedRingIndices
{
    private const int Spacing = 128;

    /// <summary>Producer line. Next position to write; only the producer writes it.</summary>
    [FieldOffset(Spacing)]
    public long Tail;

    /// <summary>Producer line. The producer's last observed <see cref="Head"/>; only the producer uses it.</summary>
    [FieldOffset(Spacing + sizeof(long))]
    public long CachedHead;

    /// <summary>Consumer line. Next position to read; only the consumer writes it.</summary>
    [FieldOffset(2 * Spacing)]
    public long Head;

    /// <summary>Consumer line. The consumer's last observed <see cref="Tail"/>; only the consumer uses it.</summary>
    [FieldOffset(2 * Spacing + sizeof(long))]
    public long CachedTail;
}
