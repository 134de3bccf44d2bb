using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// Two threads — the camera's renderer and the camera thread — reading the simulated joints' true
/// state from one <see cref="LatestMailbox{T}"/>, whose reader side belongs to one thread at a time:
/// they take turns through a flag. The interlocked exchanges that take and give back the turn are
/// full fences, so the mailbox's reader-side fields pass cleanly from one thread to the other. The
/// renderer (normal priority) waits for its turn; the camera thread (real time) never waits: in the
/// rare instant the renderer holds the turn (a read lasts well under a microsecond, unless the
/// renderer is preempted inside it) it is told so and uses what it already has. Allocation-free.
/// </summary>
internal sealed class TrueStateTurns
{
    private readonly LatestMailbox<JointState> _mailbox;

    /// <summary>1 while a thread is reading the mailbox, else 0.</summary>
    private int _reading;

    private long _turnsMissed;

    /// <summary>Shares <paramref name="mailbox"/>'s reader side.</summary>
    public TrueStateTurns(LatestMailbox<JointState> mailbox) => _mailbox = mailbox;

    /// <summary>Reads the camera thread could not take because the renderer was reading.</summary>
    public long TurnsMissed => Volatile.Read(ref _turnsMissed);

    /// <summary>The newest true state, waiting (spinning, then yielding) for the turn. Renderer thread; not real-time.</summary>
    /// <returns>false while nothing was published.</returns>
    public bool ReadWaiting(out JointState state)
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _reading, 1, 0) != 0)
        {
            spin.SpinOnce();
        }

        return ReadAndRelease(out state);
    }

    /// <summary>The newest true state if the turn is free now; never waits. Camera thread; real-time safe.</summary>
    /// <param name="state">The state, when the result is true.</param>
    /// <param name="turnTaken">false when the other thread was reading (counted in <see cref="TurnsMissed"/>).</param>
    /// <returns>true when a state was read.</returns>
    public bool TryReadNow(out JointState state, out bool turnTaken)
    {
        if (Interlocked.CompareExchange(ref _reading, 1, 0) != 0)
        {
            Interlocked.Increment(ref _turnsMissed);
            state = default;
            turnTaken = false;
            return false;
        }

        turnTaken = true;
        return ReadAndRelease(out state);
    }

    private bool ReadAndRelease(out JointState state)
    {
        bool read = _mailbox.TryPeekLatest(out state);
        Interlocked.Exchange(ref _reading, 0);
        return read;
    }
}
