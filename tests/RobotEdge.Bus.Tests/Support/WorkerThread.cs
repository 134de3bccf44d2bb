using System.Runtime.ExceptionServices;

namespace RobotEdge.Bus.Tests.Support;

/// <summary>
/// A dedicated thread for the other side of a two-thread test.
/// <para>
/// The body starts only after <see cref="Go"/>, which plays a few rounds of ping-pong with the
/// worker by pure spinning. Each round needs both threads on a CPU at once, so if the scheduler
/// placed them on one core (it likes to wake a thread where its waker runs) it has to move one
/// away first; afterwards the two sides really run in parallel instead of taking turns, which is
/// what a race test needs. The ping-pong uses no event, so it wakes nobody onto the wrong core.
/// </para>
/// <para>
/// An exception in the body is kept and rethrown by <see cref="Join"/> on the test thread, so a
/// failed assertion fails the test instead of tearing down the test host. Bodies watch a stop flag
/// where they could wait for the test thread, so that <see cref="Join"/> returns when the test
/// thread fails first.
/// </para>
/// </summary>
internal sealed class WorkerThread
{
    private const int HandshakeRounds = 16;

    private readonly Thread _thread;

    /// <summary>Ping-pong counter: the test thread sets odd values, the worker answers with the next even one.</summary>
    private int _ball;

    /// <summary>Set by <see cref="Join"/>: a worker still in the handshake leaves without running its body.</summary>
    private int _abandoned;

    private int _finished;
    private Exception? _failure;

    public WorkerThread(string name, Action body)
    {
        _thread = new Thread(() =>
        {
            try
            {
                if (Handshake())
                {
                    body();
                }
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                Volatile.Write(ref _finished, 1);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
    }

    /// <summary>
    /// The body has returned or thrown. Once true, every write the body made is visible to the
    /// thread that saw it (the flag is written last, with release semantics).
    /// </summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>Runs the handshake from the test thread's side; the body starts as this returns.</summary>
    public void Go()
    {
        for (int round = 0; round < HandshakeRounds; round++)
        {
            Volatile.Write(ref _ball, 2 * round + 1);
            while (Volatile.Read(ref _ball) != 2 * round + 2)
            {
                Thread.SpinWait(1);
            }
        }
    }

    /// <summary>Waits for the worker to end and rethrows the body's exception, if any.</summary>
    public void Join()
    {
        Volatile.Write(ref _abandoned, 1);
        _thread.Join();
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }
    }

    /// <returns>false when the test gave up before calling <see cref="Go"/>.</returns>
    private bool Handshake()
    {
        for (int round = 0; round < HandshakeRounds; round++)
        {
            while (Volatile.Read(ref _ball) != 2 * round + 1)
            {
                if (Volatile.Read(ref _abandoned) != 0)
                {
                    return false;
                }

                Thread.SpinWait(1);
            }

            Volatile.Write(ref _ball, 2 * round + 2);
        }

        return true;
    }
}
