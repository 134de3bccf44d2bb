using System.Collections.Concurrent;

namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// Every robot connection the server has accepted and not yet finished, and which one of them is
/// each robot's live connection. A robot has at most one: <see cref="Admit"/> makes a new connection
/// live and hands back the one it displaced in a single atomic exchange, so any number of concurrent
/// upgrades with one token leave exactly the last one live, and each displaced connection is handed
/// to exactly one caller, who closes it. Connections on their way out (replaced, revoked, timed out,
/// refused) stay in the table until their request ends, so revocation and shutdown reach them too.
/// Thread-safe and lock-free on the robot's side (the dictionary locks only its own buckets).
/// </summary>
internal sealed class ConnectionTable
{
    /// <summary>Each robot's live connection by registry index; null when it has none. Changed only by interlocked operations.</summary>
    private readonly RobotConnection?[] _live;

    /// <summary>Connections each robot holds (reserved before the upgrade, released when the request ends), by registry index.</summary>
    private readonly int[] _perRobot;

    /// <summary>Every connection from its admission until its request ends, by <see cref="RobotConnection.Id"/>.</summary>
    private readonly ConcurrentDictionary<long, RobotConnection> _all = new();

    /// <summary>The last id handed out; ids are never reused within a server.</summary>
    private long _lastId;

    /// <summary>Bytes the connections' receive buffers hold now.</summary>
    private long _receiveBufferBytes;

    /// <summary>A table for a site of <paramref name="robots"/> robots.</summary>
    public ConnectionTable(int robots)
    {
        _live = new RobotConnection?[robots];
        _perRobot = new int[robots];
    }

    /// <summary>Connections tracked now: live ones and ones still closing.</summary>
    public int Count => _all.Count;

    /// <summary>Robots with a live connection now.</summary>
    public int LiveCount
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _live.Length; i++)
            {
                n += Volatile.Read(ref _live[i]) is null ? 0 : 1;
            }

            return n;
        }
    }

    /// <summary>Bytes held by the tracked connections' receive buffers now.</summary>
    public long ReceiveBufferBytes => Interlocked.Read(ref _receiveBufferBytes);

    /// <summary>
    /// Every tracked connection, enumerated without a lock or a snapshot (the dictionary's
    /// enumerator tolerates connections coming and going; one admitted meanwhile may be missed,
    /// which is why admission re-reads the revoked and shutting-down flags).
    /// </summary>
    public IEnumerable<RobotConnection> All
    {
        get
        {
            foreach (KeyValuePair<long, RobotConnection> entry in _all)
            {
                yield return entry.Value;
            }
        }
    }

    /// <summary>
    /// Reserves room for one more connection of robot <paramref name="robot"/>; false when it holds
    /// <paramref name="max"/> already (live and closing). Atomic, so concurrent upgrades can never
    /// take more than <paramref name="max"/> between them. A reservation ends with <see cref="Remove"/>
    /// of the connection it became, or <see cref="Release"/> when the upgrade failed.
    /// </summary>
    public bool TryReserve(int robot, int max)
    {
        if (Interlocked.Increment(ref _perRobot[robot]) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _perRobot[robot]);
        return false;
    }

    /// <summary>Gives back a reservation that did not become a connection.</summary>
    public void Release(int robot) => Interlocked.Decrement(ref _perRobot[robot]);

    /// <summary>A fresh connection id.</summary>
    public long NextId() => Interlocked.Increment(ref _lastId);

    /// <summary>
    /// Tracks <paramref name="connection"/> and makes it its robot's live connection; returns the
    /// connection it displaced (the caller closes it), or null. The exchange is a full fence, so a
    /// flag the caller reads afterwards (revoked, shutting down) is read after the admission is visible.
    /// </summary>
    public RobotConnection? Admit(RobotConnection connection)
    {
        _all[connection.Id] = connection;
        return Interlocked.Exchange(ref _live[connection.Robot.Index], connection);
    }

    /// <summary>Whether <paramref name="connection"/> is its robot's live connection now.</summary>
    public bool IsLive(RobotConnection connection) => ReferenceEquals(Volatile.Read(ref _live[connection.Robot.Index]), connection);

    /// <summary>The live connection of robot <paramref name="robot"/> (registry index), or null.</summary>
    public RobotConnection? Live(int robot) => Volatile.Read(ref _live[robot]);

    /// <summary>
    /// Forgets a finished connection; returns true when it was still its robot's live connection
    /// (the robot is now disconnected), false when a newer one had replaced it.
    /// </summary>
    public bool Remove(RobotConnection connection)
    {
        _all.TryRemove(connection.Id, out _);
        Release(connection.Robot.Index);
        return ReferenceEquals(Interlocked.CompareExchange(ref _live[connection.Robot.Index], null, connection), connection);
    }

    /// <summary>Counts receive-buffer bytes taken (positive) or given back (negative); any thread.</summary>
    public void AddReceiveBufferBytes(long bytes) => Interlocked.Add(ref _receiveBufferBytes, bytes);
}
