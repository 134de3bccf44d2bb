using System.Diagnostics;

namespace RobotEdge.Bus.Concurrency;

/// <summary>
/// A latest-value mailbox between exactly one writer thread and exactly one reader thread, such as
/// the planner handing joint goals to the control loop: the newest value wins, stale values are
/// dropped, nothing queues. Implemented as a wait-free triple buffer, so neither side ever waits for
/// the other, no value is ever read while it is being written (no tearing, whatever the size of
/// <typeparamref name="T"/>), and no method allocates or locks: every method is real-time safe.
/// </summary>
/// <remarks>
/// <para>
/// Three slots. At every instant each slot has exactly one role: the writer's slot
/// (<see cref="_writeIndex"/>, touched only by the writer), the reader's slot
/// (<see cref="_readIndex"/>, touched only by the reader), and the middle slot, named by
/// <see cref="_state"/>. The two private indices and the middle index are always a permutation of
/// {0, 1, 2}; each side changes roles only by atomically exchanging its own slot with the middle
/// one, which keeps the permutation.
/// </para>
/// <para>
/// <see cref="_state"/> encoding: bits 0–1 hold the middle slot's index (0, 1 or 2); bit 2
/// (<see cref="FreshBit"/>) is set when the middle slot holds a value published since the reader
/// last exchanged. Only the writer sets the bit (it exchanges in its freshly written slot with the bit
/// set); only the reader clears it (it exchanges in its own slot with the bit clear).
/// </para>
/// <para>
/// Freshness as seen by callers: a value moved into the reader's slot by
/// <see cref="TryPeekLatest"/> stays "not yet taken" (<see cref="_readSlotUntaken"/>) until
/// <see cref="TryTake"/> returns it or a newer value replaces it. Every published value is at any
/// time in exactly one of three states: taken, overwritten, or waiting (in the middle slot with the
/// bit set, or in the reader's slot untaken), so
/// <c>PublishedCount == TakenCount + OverwrittenCount + waiting</c> with waiting 0, 1 or 2. Waiting
/// is 2 when a peeked value is still untaken and a newer one sits in the middle; the peeked one is
/// counted as overwritten when the reader next receives. Right after a <see cref="TryTake"/>, and
/// with the writer stopped, waiting is 0.
/// </para>
/// </remarks>
/// <typeparam name="T">The value; copied in and out by value.</typeparam>
public sealed class LatestMailbox<T>
    where T : struct
{
    /// <summary>Mask of the middle slot's index in <see cref="_state"/>.</summary>
    private const int IndexMask = 0b011;

    /// <summary>Set in <see cref="_state"/> while the middle slot holds a value the reader has not yet exchanged for.</summary>
    private const int FreshBit = 0b100;

    /// <summary>The three slots. Which side may touch which slot is given by the two indices and <see cref="_state"/>.</summary>
    private readonly T[] _slots = new T[3];

    /// <summary>Middle slot index and fresh flag (see remarks). Changed only by <see cref="Interlocked.Exchange(ref int, int)"/>.</summary>
    private int _state = 2;

    /// <summary>Writer only. The slot the writer fills next; never the reader's or the middle one.</summary>
    private int _writeIndex;

    /// <summary>Reader only. The slot holding the newest value the reader has received; never the writer's or the middle one.</summary>
    private int _readIndex = 1;

    /// <summary>Reader only. The reader's slot holds a value (something was ever received).</summary>
    private bool _readSlotHasValue;

    /// <summary>Reader only. The reader's slot holds a value no <see cref="TryTake"/> has returned yet.</summary>
    private bool _readSlotUntaken;

    /// <summary>Written by the writer only. Values published.</summary>
    private long _publishedCount;

    /// <summary>Written by the writer only. Values that were still fresh in the middle slot when a newer one replaced them.</summary>
    private long _overwrittenByWriter;

    /// <summary>Written by the reader only. Values returned by <see cref="TryTake"/>.</summary>
    private long _takenCount;

    /// <summary>Written by the reader only. Values peeked into the reader's slot, then replaced by a newer one before being taken.</summary>
    private long _overwrittenInReader;

    /// <summary>
    /// Number of values published. Any thread; exact once the writer has stopped, otherwise a recent
    /// snapshot.
    /// </summary>
    public long PublishedCount => Volatile.Read(ref _publishedCount);

    /// <summary>
    /// Number of values returned by <see cref="TryTake"/>. Any thread; exact once the reader has
    /// stopped, otherwise a recent snapshot.
    /// </summary>
    public long TakenCount => Volatile.Read(ref _takenCount);

    /// <summary>
    /// Number of values published but replaced by a newer one before any <see cref="TryTake"/>
    /// returned them: stale values dropped because the reader fell behind. Values seen only through
    /// <see cref="TryPeekLatest"/> count here too when they are replaced untaken. Any thread; exact
    /// once both sides have stopped.
    /// </summary>
    public long OverwrittenCount => Volatile.Read(ref _overwrittenByWriter) + Volatile.Read(ref _overwrittenInReader);

    /// <summary>
    /// Makes a copy of <paramref name="value"/> the newest value, replacing any value not yet taken.
    /// Writer thread only. Wait-free and real-time safe: never blocks, never allocates.
    /// </summary>
    public void Publish(in T value)
    {
        _slots[_writeIndex] = value;

        // Full fence: the slot's bytes are visible before the state that hands the slot to the
        // reader, and the reader's last reads of the slot we get back have completed (it gave that
        // slot up with the same kind of exchange).
        int previous = Interlocked.Exchange(ref _state, _writeIndex | FreshBit);
        _writeIndex = previous & IndexMask;

        Debug.Assert(_writeIndex != IndexMask, "The middle index is always 0, 1 or 2.");

        // Single writer per counter: a volatile write publishes the increment without a locked
        // read-modify-write.
        Volatile.Write(ref _publishedCount, _publishedCount + 1);
        if ((previous & FreshBit) != 0)
        {
            Volatile.Write(ref _overwrittenByWriter, _overwrittenByWriter + 1);
        }
    }

    /// <summary>
    /// Takes the newest value if one was published since the last successful take. Reader thread
    /// only. Wait-free and real-time safe: never blocks, never allocates.
    /// </summary>
    /// <returns>
    /// true with the newest complete value; false, with <paramref name="value"/> set to default, when
    /// nothing was published since the last take.
    /// </returns>
    public bool TryTake(out T value)
    {
        ReceiveFresh();
        if (!_readSlotUntaken)
        {
            value = default;
            return false;
        }

        _readSlotUntaken = false;
        value = _slots[_readIndex];
        Volatile.Write(ref _takenCount, _takenCount + 1);
        return true;
    }

    /// <summary>
    /// Reads the newest value ever published without consuming it: a later <see cref="TryTake"/>
    /// still returns it if nothing newer came meanwhile. Reader thread only (it moves a fresh value
    /// into the reader's slot, which is what makes the copy tear-free). Wait-free and real-time safe.
    /// </summary>
    /// <returns>true once anything was published; false, with <paramref name="value"/> set to default, before.</returns>
    public bool TryPeekLatest(out T value)
    {
        ReceiveFresh();
        if (!_readSlotHasValue)
        {
            value = default;
            return false;
        }

        value = _slots[_readIndex];
        return true;
    }

    /// <summary>
    /// Reader side: if the middle slot holds a fresh value, swaps it with the reader's slot, so the
    /// reader's slot holds the newest published value.
    /// </summary>
    private void ReceiveFresh()
    {
        // Cheap check first: an exchange (a locked instruction on the shared line) only when needed.
        // The fresh bit cannot be cleared behind our back (only this thread clears it), so seeing it
        // here guarantees the exchange below receives a fresh value.
        if ((Volatile.Read(ref _state) & FreshBit) == 0)
        {
            return;
        }

        // Full fence: our reads of the slot we give up have completed before the writer can get it
        // back, and the writer's bytes in the slot we receive are visible before we copy them.
        int previous = Interlocked.Exchange(ref _state, _readIndex);
        Debug.Assert((previous & FreshBit) != 0, "Only the reader clears the fresh bit.");
        _readIndex = previous & IndexMask;

        if (_readSlotUntaken)
        {
            // The value we just gave up was peeked but never taken, and a newer one replaces it.
            Volatile.Write(ref _overwrittenInReader, _overwrittenInReader + 1);
        }

        _readSlotHasValue = true;
        _readSlotUntaken = true;
    }
}
