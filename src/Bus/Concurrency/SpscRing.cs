using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Concurrency;

/// <summary>
/// A bounded first-in first-out queue between exactly one producer thread and exactly one consumer
/// thread (they may be the same thread). Lock-free and wait-free: <see cref="TryWrite"/> and
/// <see cref="TryRead"/> never block and never allocate, so both are real-time safe.
/// </summary>
/// <remarks>
/// Positions are 64-bit counters that only grow (they would take centuries to wrap at any real rate);
/// a position maps to slot <c>position &amp; (Capacity - 1)</c>. The ring holds
/// <c>Tail - Head</c> items, always between 0 and <see cref="Capacity"/>. Each side keeps a cached
/// copy of the other side's position and rereads the shared one only when the cache says the ring
/// is full (producer) or empty (consumer), so in steady state each side touches the other's cache
/// line rarely.
/// </remarks>
/// <typeparam name="T">The item; copied in and out by value.</typeparam>
public sealed class SpscRing<T>
    where T : struct
{
    /// <summary>Largest capacity accepted: the largest power of two an int array index can reach.</summary>
    private const int MaxCapacity = 1 << 30;

    /// <summary>The slots; length is a power of two. Slot contents are owned by whichever side the positions say.</summary>
    private readonly T[] _buffer;

    /// <summary><c>Capacity - 1</c>; maps a position to its slot.</summary>
    private readonly long _mask;

    /// <summary>Head and tail on separate cache lines.</summary>
    private PaddedRingIndices _indices;

    /// <summary>
    /// Creates an empty ring. The capacity is rounded up to the next power of two (5 becomes 8) so
    /// that a position maps to its slot with a mask instead of a division; <see cref="Capacity"/>
    /// reports the rounded value. All memory is allocated here.
    /// </summary>
    /// <param name="capacity">Minimum number of items the ring holds, 1 to 2³⁰.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is out of range.</exception>
    public SpscRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);

        int rounded = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _buffer = new T[rounded];
        _mask = rounded - 1;
    }

    /// <summary>Number of items the ring holds when full: a power of two.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>
    /// Number of items in the ring. Any thread; exact only when neither side is running, otherwise a
    /// snapshot that may already be stale, always between 0 and <see cref="Capacity"/>.
    /// </summary>
    public int Count
    {
        get
        {
            // Head first: the tail read afterwards is at least as new, so the difference is never
            // negative; it can overshoot only if the consumer moved meanwhile, hence the clamp.
            long head = Volatile.Read(ref _indices.Head);
            long tail = Volatile.Read(ref _indices.Tail);
            return (int)Math.Clamp(tail - head, 0, _buffer.Length);
        }
    }

    /// <summary>
    /// Appends a copy of <paramref name="item"/>. Producer thread only. Real-time safe: never
    /// blocks, never allocates.
    /// </summary>
    /// <returns>false, leaving the ring unchanged, when it is full.</returns>
    public bool TryWrite(in T item)
    {
        // Plain read: only this thread writes Tail.
        long tail = _indices.Tail;
        long wrapPosition = tail - _buffer.Length;

        if (wrapPosition >= _indices.CachedHead)
        {
            // The cache says full; look at the real head. Acquire: pairs with the release in
            // TryRead, so the consumer's copy out of the slot we are about to reuse has completed
            // before we overwrite it.
            _indices.CachedHead = Volatile.Read(ref _indices.Head);
            if (wrapPosition >= _indices.CachedHead)
            {
                return false;
            }
        }

        _buffer[tail & _mask] = item;

        // Release: the item's bytes become visible to the consumer no later than the new tail that
        // tells it the slot is filled.
        Volatile.Write(ref _indices.Tail, tail + 1);
        return true;
    }

    /// <summary>
    /// Removes the oldest item. Consumer thread only. Real-time safe: never blocks, never allocates.
    /// </summary>
    /// <returns>false, with <paramref name="item"/> set to default, when the ring is empty.</returns>
    public bool TryRead(out T item)
    {
        // Plain read: only this thread writes Head.
        long head = _indices.Head;

        if (head >= _indices.CachedTail)
        {
            // The cache says empty; look at the real tail. Acquire: pairs with the release in
            // TryWrite, so the slot's contents are complete before we copy them.
            _indices.CachedTail = Volatile.Read(ref _indices.Tail);
            if (head >= _indices.CachedTail)
            {
                item = default;
                return false;
            }
        }

        long slot = head & _mask;
        item = _buffer[slot];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            // Do not keep objects reachable from a slot the ring no longer owns.
            _buffer[slot] = default;
        }

        Debug.Assert(_indices.CachedTail - head <= _buffer.Length, "A ring never holds more than its capacity.");

        // Release: our copy out of the slot (and the clearing above) completes before the producer
        // can see the slot as free and overwrite it.
        Volatile.Write(ref _indices.Head, head + 1);
        return true;
    }
}
