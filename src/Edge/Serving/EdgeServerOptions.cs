using RobotEdge.Bus.Network;
using RobotEdge.Edge.Registry;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Edge.Serving;

/// <summary>How an edge server is set up (a record: tests and benchmarks derive variants with <c>with</c>).</summary>
public sealed record EdgeServerOptions
{
    /// <summary>Where Kestrel listens; loopback by default. Port 0 picks a free port (see <see cref="EdgeServer.BaseAddress"/>).</summary>
    public string Url { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The model served (the same card the robots run on board).</summary>
    public required ModelCard Card { get; init; }

    /// <summary>Execution providers in order of preference (GPU where present).</summary>
    public IReadOnlyList<ExecutionProvider> Providers { get; init; } = [ExecutionProvider.Cpu];

    /// <summary>ONNX Runtime intra-op threads of the server's session.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Robots allowed and the site's tasks.</summary>
    public required SiteFile Site { get; init; }

    /// <summary><c>deadline</c> (the scheduler) or <c>fcfs</c> (the first-come-first-served, batch-of-one baseline).</summary>
    public string Policy { get; init; } = "deadline";

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; init; } = 8;

    /// <summary>Requests that may wait at once.</summary>
    public int QueueCap { get; init; } = 64;

    /// <summary>
    /// Largest wire message accepted, bytes. The server takes the smaller of this and the largest
    /// message its model makes legal (a float32 input tensor and the request's fields); a robot that
    /// sends a bigger one gets a 1009 (message too big) close, without the rest being read.
    /// </summary>
    public int MaxMessageBytes { get; init; } = WireCodec.DefaultMaxMessageBytes;

    /// <summary>Time from the upgrade to a valid hello, ms; a robot that takes longer is refused and closed.</summary>
    public int HelloTimeoutMs { get; init; } = 5_000;

    /// <summary>
    /// Longest time without a complete message from a welcomed robot, ms; then its connection is
    /// closed. Robots ping every 200 ms, so only a silent socket or a trickled frame reaches it.
    /// </summary>
    public int IdleTimeoutMs { get; init; } = 15_000;

    /// <summary>Time a robot has to answer the server's close frame, ms, before its transport is dropped.</summary>
    public int CloseTimeoutMs { get; init; } = 2_000;

    /// <summary>Messages queued to one robot; beyond this it is not reading, and further messages are dropped and counted.</summary>
    public int SendQueueCapacity { get; init; } = 64;

    /// <summary>
    /// Connections one robot may hold at once, its live one and older ones still closing; an upgrade
    /// beyond this is refused with 429 (Too Many Requests) until older ones have ended. It bounds
    /// what one token can make the server hold: a storm of upgrades costs at most this many connections.
    /// </summary>
    public int MaxConnectionsPerRobot { get; init; } = 8;

    /// <summary>Requests one connection may have waiting for an answer; more are refused as queue-full.</summary>
    public int MaxRequestsInFlight { get; init; } = 32;

    /// <summary>
    /// Operators who may sign in to the site view at <c>/</c> and read <c>/status</c> (HTTP Basic,
    /// name:token). Null: no site view, and <c>/status</c> stays open (loopback setups, benchmarks).
    /// </summary>
    public OperatorDirectory? Operators { get; init; }

    /// <summary>Runs of each batch size at start-up that seed the execution-time profile.</summary>
    public int ProfileWarmupRuns { get; init; } = 24;
}
