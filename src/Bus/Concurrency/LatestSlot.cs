namespace RobotEdge.Bus.Concurrency;

/// <summary>
/// Hands ownership of pooled objects (typically <see cref="Frames.Frame"/>s) from one producer thread
/// to one consumer thread, newest wins: a slow consumer gets the newest object, never a queue of
/// stale ones, and the producer gets every object the consumer skipped back, to recycle. Lock-free,
/// wait-free and allocation-free; every method is real-time safe.
/// </summary>
/// <remarks>
/// Ownership: an object belongs to exactly one party at a time. Passing it to
/// <see cref="Exchange"/> gives it to the slot; the object returned by <see cref="Exchange"/> (if
/// any) belongs to the producer again; the object returned by <see cref="TryTake"/> or
/// <see cref="Drain"/> belongs to the caller. The slot never touches the objects themselves, and
/// every hand-off is a full fence, so whatever the giver wrote into an object is visible to the
/// receiver. At any moment <c>Published == taken + Dropped + (an object is waiting ? 1 : 0)</c>,
/// "taken" counting the objects returned by <see cref="TryTake"/> and <see cref="Drain"/>.
/// </remarks>
/// <typeparam name="T">The pooled object type.</typeparam>
public sealed class LatestSlot<T>
    where T : class
{
    /// <summary>The published object not yet taken, or null. Changed only by atomic exchange.</summary>
    private T? _item;

    /// <summary>Written by the producer only. Objects published.</summary>
    private long _published;

    /// <summary>Written by the producer only. Objects replaced in the slot before anyone took them.</summary>
    private long _dropped;

    /// <summary>Number of objects published. Any thread; exact once the producer has stopped.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>
    /// Number of objects that were replaced by a newer one before the consumer took them (stale
    /// frames handed back to the producer). Any thread; exact once the producer has stopped.
    /// </summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>
    /// Publishes <paramref name="value"/> (the slot now owns it) and hands back the previously
    /// published object if the consumer had not taken it. Producer thread only. Wait-free, real-time
    /// safe.
    /// </summary>
    /// <returns>
    /// The replaced, never-taken object, now owned by the producer again, which must recycle it (a
    /// dropped stale item); null when the consumer had taken the previous one.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public T? Exchange(T value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Full fence: the producer's writes into value are visible to whoever takes it, and the
        // consumer cannot take the replaced object any more once we own it again.
        T? replaced = Interlocked.Exchange(ref _item, value);

        // Single writer per counter: a volatile write publishes the increment.
        Volatile.Write(ref _published, _published + 1);
        if (replaced is not null)
        {
            Volatile.Write(ref _dropped, _dropped + 1);
        }

        return replaced;
    }

    /// <summary>
    /// Takes the newest published object, which the caller now owns. Consumer thread only.
    /// Wait-free, real-time safe.
    /// </summary>
    /// <returns>The object, or null when nothing was published since the last take.</returns>
    public T? TryTake()
    {
        // Cheap check first: the exchange (a locked instruction on the shared line) only when there
        // is something to take.
        if (Volatile.Read(ref _item) is null)
        {
            return null;
        }

        // Full fence: the producer's writes into the object are visible before we use it.
        return Interlocked.Exchange(ref _item, null);
    }

    /// <summary>
    /// Empties the slot at shutdown so the waiting object, if any, can be returned to its pool.
    /// Safe from any thread; call it once producer and consumer have stopped, or from the consumer.
    /// </summary>
    /// <returns>The waiting object, now owned by the caller, or null.</returns>
    public T? Drain() => Interlocked.Exchange(ref _item, null);
}
