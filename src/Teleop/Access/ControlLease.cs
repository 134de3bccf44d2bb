using RobotEdge.Bus.Clocks;
using RobotEdge.Control.Safety;

namespace RobotEdge.Teleop.Access;

/// <summary>
/// Who may command the robot from the console: one session at a time holds the lease and must send
/// heartbeats; everyone else watches. Taking the lease arms the safety layer's operator watch, each
/// heartbeat feeds it, and only a deliberate release disarms it — so a holder that vanishes (tab
/// closed, network lost) leaves the watch armed and the safety layer stops the robot. A lease whose
/// heartbeats stopped for <see cref="TimeoutMs"/> is free for another operator. Thread-safe (a lock:
/// the console's threads only, never the control thread).
/// </summary>
public sealed class ControlLease
{
    private readonly SafetySupervisor _safety;
    private readonly object _lock = new();
    private string? _holderSession;
    private string? _holderName;
    private long _lastBeatNs;

    /// <summary>Creates the lease over <paramref name="safety"/>'s operator watch.</summary>
    public ControlLease(SafetySupervisor safety, double timeoutMs)
    {
        _safety = safety;
        TimeoutMs = timeoutMs;
    }

    /// <summary>Heartbeat timeout after which the lease is free, ms.</summary>
    public double TimeoutMs { get; }

    /// <summary>The holder's operator name, or null.</summary>
    public string? HolderName
    {
        get
        {
            lock (_lock)
            {
                ExpireLocked();
                return _holderName;
            }
        }
    }

    /// <summary>Whether <paramref name="session"/> holds the lease now.</summary>
    public bool IsHeldBy(string session)
    {
        lock (_lock)
        {
            ExpireLocked();
            return _holderSession == session;
        }
    }

    /// <summary>Takes the lease for <paramref name="session"/> unless another live session holds it.</summary>
    /// <returns>true when <paramref name="session"/> holds the lease afterwards.</returns>
    public bool TryTake(string session, string operatorName)
    {
        lock (_lock)
        {
            ExpireLocked();
            if (_holderSession is not null && _holderSession != session)
            {
                return false;
            }

            _holderSession = session;
            _holderName = operatorName;
            _lastBeatNs = MonotonicClock.GetTimestampNs();
            _safety.ArmOperatorWatch();
            return true;
        }
    }

    /// <summary>A heartbeat from <paramref name="session"/>; feeds the safety layer's watch if it holds the lease.</summary>
    /// <returns>true when the session holds the lease.</returns>
    public bool Heartbeat(string session)
    {
        lock (_lock)
        {
            ExpireLocked();
            if (_holderSession != session)
            {
                return false;
            }

            _lastBeatNs = MonotonicClock.GetTimestampNs();
            _safety.OperatorHeartbeat();
            return true;
        }
    }

    /// <summary>Releases the lease on purpose: the operator watch is disarmed.</summary>
    public void Release(string session)
    {
        lock (_lock)
        {
            if (_holderSession == session)
            {
                _holderSession = null;
                _holderName = null;
                _safety.DisarmOperatorWatch();
            }
        }
    }

    /// <summary>
    /// The session's connection is gone: the lease becomes free, but the watch stays armed, so the
    /// safety layer stops the robot when the heartbeats it expects do not come.
    /// </summary>
    public void Abandon(string session)
    {
        lock (_lock)
        {
            if (_holderSession == session)
            {
                _holderSession = null;
                _holderName = null;
            }
        }
    }

    private void ExpireLocked()
    {
        if (_holderSession is not null && (MonotonicClock.GetTimestampNs() - _lastBeatNs) * 1e-6 > TimeoutMs)
        {
            _holderSession = null;
            _holderName = null;
        }
    }
}
