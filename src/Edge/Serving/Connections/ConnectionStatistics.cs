namespace RobotEdge.Edge.Serving.Connections;

/// <summary>What happened to robot connections, counted with interlocked operations from any thread; read for status, tests and benchmarks.</summary>
public sealed class ConnectionStatistics
{
    internal long _admitted, _replaced, _helloTimeouts, _idleTimeouts, _tooLarge, _abortedAfterClose;
    internal long _shutdownAnswers, _nonFiniteTensors, _inFlightRefusals, _tooManyConnections;

    /// <summary>Upgrades with a valid token that became their robot's live connection.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Upgrades refused (429) because their robot already held its maximum of connections.</summary>
    public long TooManyConnections => Interlocked.Read(ref _tooManyConnections);

    /// <summary>Connections closed because a newer one of the same robot replaced them.</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    /// <summary>Connections closed because no valid hello came within the hello timeout.</summary>
    public long HelloTimeouts => Interlocked.Read(ref _helloTimeouts);

    /// <summary>Connections closed because no complete message came within the idle timeout.</summary>
    public long IdleTimeouts => Interlocked.Read(ref _idleTimeouts);

    /// <summary>Connections closed with 1009 (message too big) for a message over the limit.</summary>
    public long TooLarge => Interlocked.Read(ref _tooLarge);

    /// <summary>Connections dropped because the robot did not complete the closing handshake in time.</summary>
    public long AbortedAfterClose => Interlocked.Read(ref _abortedAfterClose);

    /// <summary>Requests answered with <c>SHUTTING_DOWN</c>.</summary>
    public long ShutdownAnswers => Interlocked.Read(ref _shutdownAnswers);

    /// <summary>Requests refused because their float32 tensor held a NaN or ±Inf.</summary>
    public long NonFiniteTensors => Interlocked.Read(ref _nonFiniteTensors);

    /// <summary>Requests refused because the connection already had its maximum in flight.</summary>
    public long InFlightRefusals => Interlocked.Read(ref _inFlightRefusals);
}
