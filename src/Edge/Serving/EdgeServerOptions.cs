using RobotEdge.Bus.Network;
using RobotEdge.Edge.Registry;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Edge.Serving;

/// <summary>How an edge server is set up.</summary>
public sealed class EdgeServerOptions
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

    /// <summary>Largest wire message accepted, bytes; larger ones are discarded unread and logged.</summary>
    public int MaxMessageBytes { get; init; } = WireCodec.DefaultMaxMessageBytes;

    /// <summary>
    /// Operators who may sign in to the site view at <c>/</c> and read <c>/status</c> (HTTP Basic,
    /// name:token). Null: no site view, and <c>/status</c> stays open (loopback setups, benchmarks).
    /// </summary>
    public OperatorDirectory? Operators { get; init; }

    /// <summary>Runs of each batch size at start-up that seed the execution-time profile.</summary>
    public int ProfileWarmupRuns { get; init; } = 24;
}
