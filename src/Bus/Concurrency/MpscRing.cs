using System.Numerics;

namespace RobotEdge.Bus.Concurrency;

/// <summary>
/// A bounded first-in first-out queue from any number of producer threads to exactly one consumer
/// thread. Lock-free: <see cref="TryWrite"/> and <see cref="TryRead"/> never block and never
/// allocate, so a high-priority consumer can never wait on a producer that the operating system
/// has descheduled (which a lock shared with ordinary threads allows: priority inversion).
/// </summary>
/// <remarks>
/// <para>Every slot carries a sequence number that says whose turn it is. A slot at position
/// <c>p</c> is free for the producer that claims <c>p</c> when its sequence equals <c>p</c>, and
/// holds an item for the consumer when its sequence equals <c>p + 1</c>; the consumer hands it back
/// for the next lap by setting <c>p + Capacity</c>. Producers claim positions with a
/// compare-and-swap on the shared tail, then write the item and publish the slot's sequence with
/// release semantics; the consumer reads the sequence with acquire semantics before the item.
/// This is the bounded queue described by Dmitry Vyukov, with a single consumer so the head needs
/// no atomic update.</para>
/// <para>A producer that has claimed a slot but not yet published it holds up the consumer at that
/// slot only (items behind it wait until it publishes); it never holds up other producers.</para>
/// </remarks>
/// <typeparam name="T">The item; copied in and out by value.</typeparam>
public sealed class MpscRing<T>
{
    private const int MaxCapacity = 1 << 30;

    private readonly Slot[] _slots;
    private readonly long _mask;

    /// <summary>Head (consumer only) and tail (claimed by producers) on separate cache lines.</summary>
    private PaddedRingIndices _indices;

    /// <summary>
    /// Creates an empty ring; the capacity is rounded up to the next power of two. All memory is
    /// allocated here.
    /// </summary>
    /// <param name="capacity">Minimum number of items the ring holds, 1 to 2³⁰.</param>
    public MpscRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        int rounded = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new Slot[rounded];
        for (int i = 0; i < rounded; i++)
        {
            _slots[i].Sequence = i;
        }

        _mask = rounded - 1;
    }

    /// <summary>Number of items the ring holds when full: a power of two.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Items claimed and not yet read; a snapshot from any thread, between 0 and <see cref="Capacity"/>.</summary>
    public int Count => (int)Math.Clamp(Volatile.Read(ref _indices.Tail) - Volatile.Read(ref _indices.Head), 0, Capacity);

    /// <summary>Adds <paramref name="item"/>; false when the ring is full. Any thread.</summary>
    public bool TryWrite(in T item)
    {
        long position = Volatile.Read(ref _indices.Tail);
        while (true)
        {
            ref Slot slot = ref _slots[position & _mask];
            long sequence = Volatile.Read(ref slot.Sequence);
            long lap = sequence - position;
            if (lap == 0)
            {
                long seen = Interlocked.CompareExchange(ref _indices.Tail, position + 1, position);
                if (seen == position)
                {
                    slot.Item = item;
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return true;
                }

                position = seen; // another producer claimed it: try the position it left
            }
            else if (lap < 0)
            {
                return false; // the consumer has not freed this slot from the previous lap: full
            }
            else
            {
                position = Volatile.Read(ref _indices.Tail); // fell behind other producers
            }
        }
    }

    /// <summary>Takes the oldest published item; false when there is none. The consumer thread only.</summary>
    public bool TryRead(out T item)
    {
        long position = _indices.Head;
        ref Slot slot = ref _slots[position & _mask];
        if (Volatile.Read(ref slot.Sequence) != position + 1)
        {
            item = default!;
            return false;
        }

        item = slot.Item;
        slot.Item = default!; // drop the reference so the ring keeps nothing alive
        Volatile.Write(ref slot.Sequence, position + _slots.Length);
        Volatile.Write(ref _indices.Head, position + 1);
        return true;
    }

    private struct Slot
    {
        public long Sequence;
        public T Item;
    }
}
