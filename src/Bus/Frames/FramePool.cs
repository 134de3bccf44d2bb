using System.Diagnostics.CodeAnalysis;

namespace RobotEdge.Bus.Frames;

/// <summary>
/// A fixed set of <see cref="Frame"/>s of one size, allocated up front and reused for the life of
/// the pool. Any thread may rent or return, concurrently; both are lock-free and allocation-free,
/// hence real-time safe. A rented frame belongs to its renter (or to whoever it was handed to) until
/// it is returned exactly once.
/// </summary>
public sealed class FramePool
{
    private const int Free = 0;
    private const int Rented = 1;

    /// <summary>The frames; frame i has <see cref="Frame.PoolIndex"/> i.</summary>
    private readonly Frame[] _frames;

    /// <summary>
    /// Per frame: <see cref="Free"/> or <see cref="Rented"/>. A compare-exchange on the entry is the
    /// only way to change it, so exactly one renter wins a free frame and exactly one return
    /// releases a rented one.
    /// </summary>
    private readonly int[] _states;

    /// <summary>Where the next rent starts scanning: just after the last frame rented. A hint only; races on it are harmless.</summary>
    private int _nextHint;

    /// <summary>Frames rented and not yet returned; changed with interlocked increments.</summary>
    private int _outstanding;

    /// <summary>Allocates <paramref name="capacity"/> frames of the given size, all free.</summary>
    /// <param name="width">Frame width in pixels, at least 1.</param>
    /// <param name="height">Frame height in pixels, at least 1.</param>
    /// <param name="capacity">Number of frames, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is less than 1.</exception>
    public FramePool(int width, int height, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);

        _frames = new Frame[capacity];
        _states = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _frames[i] = new Frame(width, height, i);
        }
    }

    /// <summary>Number of frames the pool owns.</summary>
    public int Capacity => _frames.Length;

    /// <summary>
    /// Number of frames rented and not yet returned. Any thread; exact when no rent or return is in
    /// progress, otherwise a snapshot that may be off by the number of calls in flight.
    /// </summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>
    /// Rents a free frame; the caller owns it until it passes it on or returns it. Any thread.
    /// Lock-free and real-time safe: scans at most <see cref="Capacity"/> entries, never blocks,
    /// never allocates. The frame's pixels and stamp hold whatever its previous holder left.
    /// </summary>
    /// <returns>false, with <paramref name="frame"/> null, when every frame is rented.</returns>
    public bool TryRent([NotNullWhen(true)] out Frame? frame)
    {
        int count = _frames.Length;
        int start = Volatile.Read(ref _nextHint);
        for (int n = 0; n < count; n++)
        {
            int index = start + n;
            if (index >= count)
            {
                index -= count;
            }

            // Cheap read before the locked instruction; the compare-exchange decides. Its full
            // fence also makes the previous holder's writes (released by its Return) visible.
            if (Volatile.Read(ref _states[index]) == Free
                && Interlocked.CompareExchange(ref _states[index], Rented, Free) == Free)
            {
                Volatile.Write(ref _nextHint, index + 1 == count ? 0 : index + 1);
                Interlocked.Increment(ref _outstanding);
                frame = _frames[index];
                return true;
            }
        }

        frame = null;
        return false;
    }

    /// <summary>
    /// Gives a rented frame back; the caller must not touch it afterwards. Any thread. Lock-free and
    /// real-time safe.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The frame belongs to another pool, or is not rented (returned twice); the pool is unchanged.
    /// </exception>
    public void Return(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);

        int index = frame.PoolIndex;
        if ((uint)index >= (uint)_frames.Length || !ReferenceEquals(_frames[index], frame))
        {
            ThrowForeignFrame();
        }

        // Full fence: the holder's writes into the frame complete before the next renter can win it.
        if (Interlocked.CompareExchange(ref _states[index], Free, Rented) != Rented)
        {
            ThrowNotRented();
        }

        Interlocked.Decrement(ref _outstanding);
    }

    [DoesNotReturn]
    private static void ThrowForeignFrame() =>
        throw new InvalidOperationException("The frame was not rented from this pool.");

    [DoesNotReturn]
    private static void ThrowNotRented() =>
        throw new InvalidOperationException("The frame is not rented: it was already returned to this pool.");
}
