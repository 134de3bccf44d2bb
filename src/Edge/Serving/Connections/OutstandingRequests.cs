namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// The sequences of one connection's requests that were handed to the executor and not yet
/// answered, so that a shutdown can answer each one it cannot serve with <c>SHUTTING_DOWN</c>
/// instead of leaving it unanswered; its capacity bounds the requests a connection may have in
/// flight. A fixed slot array: the connection's receive loop is the one adder; the executor (and,
/// once it has stopped, the shutdown) remove. Lock-free and allocation-free: removal runs on the
/// executor's real-time thread.
/// </summary>
internal sealed class OutstandingRequests
{
    /// <summary>Slot i's request sequence; meaningful only while <see cref="_occupied"/>[i] is 1.</summary>
    private readonly long[] _sequences;

    /// <summary>1 while slot i holds an unanswered request. Set by the adder after it wrote the sequence (release); cleared by a remover's compare-exchange.</summary>
    private readonly int[] _occupied;

    /// <summary>Occupied slots.</summary>
    private int _count;

    /// <summary>Room for <paramref name="capacity"/> requests in flight.</summary>
    public OutstandingRequests(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _sequences = new long[capacity];
        _occupied = new int[capacity];
    }

    /// <summary>Requests in flight now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>How many may be in flight at once.</summary>
    public int Capacity => _sequences.Length;

    /// <summary>Records a request about to be handed to the executor; false when <see cref="Capacity"/> are in flight. Receive thread only.</summary>
    public bool TryAdd(long sequence)
    {
        for (int i = 0; i < _occupied.Length; i++)
        {
            if (Volatile.Read(ref _occupied[i]) == 0)
            {
                _sequences[i] = sequence;
                // Publishes the sequence: a remover that sees the slot occupied reads this sequence.
                Volatile.Write(ref _occupied[i], 1);
                Interlocked.Increment(ref _count);
                return true;
            }
        }

        return false;
    }

    /// <summary>Marks one request with <paramref name="sequence"/> answered; false when none was in flight. Any thread; real-time safe.</summary>
    public bool TryRemove(long sequence)
    {
        for (int i = 0; i < _occupied.Length; i++)
        {
            // Matching by value: two requests with one sequence are two slots, and either answer may free either slot.
            if (Volatile.Read(ref _occupied[i]) == 1 && _sequences[i] == sequence && Interlocked.CompareExchange(ref _occupied[i], 0, 1) == 1)
            {
                Interlocked.Decrement(ref _count);
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes one request still in flight; false when none is. For the shutdown, once the executor has stopped.</summary>
    public bool TryTakeAny(out long sequence)
    {
        for (int i = 0; i < _occupied.Length; i++)
        {
            if (Volatile.Read(ref _occupied[i]) == 1)
            {
                sequence = _sequences[i];
                if (Interlocked.CompareExchange(ref _occupied[i], 0, 1) == 1)
                {
                    Interlocked.Decrement(ref _count);
                    return true;
                }
            }
        }

        sequence = 0;
        return false;
    }
}
