using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Faults;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// A robot's connection to its site edge server: one WebSocket, kept up by a supervisor that
/// reconnects with exponential backoff; a receive loop that answers the compute thread's pending
/// request and feeds the clock-offset estimator from pings; and one sender thread, the only writer
/// on the socket, which sends the hello, the compute thread's requests, pings and health reports.
/// The compute thread talks to it through <see cref="Submit"/> and <see cref="Wait"/>: one request
/// in flight at a time (the robot waits for its newest frame only). Nothing runs before
/// <see cref="Start"/>.
/// </summary>
/// <remarks>
/// <para>
/// The compute thread (SCHED_FIFO in real time) never waits for the network or for the sender:
/// <see cref="Submit"/> encodes the request into a pooled buffer, hands it over through a
/// newest-wins slot (one atomic exchange; a request the sender had not taken yet comes back and is
/// reused) and rings the sender's <see cref="Doorbell"/> (one non-blocking send on a loopback
/// socket). Buffers come back from the sender through a lock-free ring, and the answer is awaited on
/// a doorbell the receive loop rings. No lock is taken on the compute thread or shared with the
/// client's loops, so a send that blocks cannot hold the compute thread up (it waits for the answer
/// with its own deadline, and falls back on board).
/// </para>
/// <para>
/// Failure: network errors (refused, reset, timed out, closed) end the connection and perception
/// stays on board while the supervisor reconnects. Any other exception in the client's loops is a
/// defect: the loop's barrier logs it, reports it to the <see cref="IFaultReporter"/> given at
/// construction (the rig's heartbeat, which stops the robot) and the client stays disconnected.
/// </para>
/// <para>
/// Allocation on the network path: each request is written into a wire buffer allocated once
/// (<see cref="WireCodec.WriteInferRequest"/>, MessagePack, the tensor copied once), so
/// <see cref="Submit"/> allocates nothing; the sender allocates only when the socket cannot take a
/// send synchronously (its task). The receive loop reads each answer in place
/// (<see cref="WireCodec.TryReadInferResult"/>) into a reused keypoint buffer: no allocation per
/// answer either; the rare other messages are deserialized.
/// </para>
/// </remarks>
public sealed partial class EdgeClient : IDisposable
{
    private const int ReceiveBufferBytes = 64 * 1024;

    /// <summary>Request buffers: one being sent, one waiting in the hand-off slot, one the compute thread writes.</summary>
    private const int RequestPoolSize = 3;

    private readonly EdgeClientOptions _options;
    private readonly ModelCard _card;
    private readonly int _frameWidth, _frameHeight;
    private readonly ILogger _logger;
    private readonly IFaultReporter? _faults;
    private readonly Action<RobotHealth>? _healthSource;
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Rung by the receive thread when an answer is published or the connection is lost; the compute thread waits on it.</summary>
    private readonly Doorbell _answered = new();
    private readonly TensorEncoding _encoding;

    /// <summary>The request pool; entry i has <see cref="OutgoingRequest.Index"/> i.</summary>
    private readonly OutgoingRequest[] _requests;

    /// <summary>Compute thread → sender: the newest request (newest wins).</summary>
    private readonly LatestSlot<OutgoingRequest> _outgoing = new();

    /// <summary>Sender → compute thread: indices of requests sent or dropped, free to reuse.</summary>
    private readonly SpscRing<int> _returned = new(4);

    /// <summary>Rung by the compute thread after a hand-off and by the supervisor on a new connection; the sender sleeps on it.</summary>
    private readonly Doorbell _doorbell = new();

    /// <summary>The keypoint values of the answer being read (x, y, confidence each); receive thread only.</summary>
    private readonly float[] _keypointValues = new float[3 * Bus.Messages.KeypointSet.Capacity];

    /// <summary>The welcomed robot id as UTF-8, what every request names; set by the receive thread before <see cref="_socket"/>.</summary>
    private volatile byte[] _robotIdUtf8 = [];

    /// <summary>A request buffer the compute thread owns (a stale one the slot gave back), or null; compute thread only.</summary>
    private OutgoingRequest? _spare;

    private Task? _supervisor;
    private Thread? _sender;

    /// <summary>1 once <see cref="Start"/> ran.</summary>
    private int _started;

    /// <summary>Set once a loop's barrier caught a defect: the client stays disconnected.</summary>
    private volatile bool _failed;

    /// <summary>The open socket once welcomed; null while (re)connecting. What the compute thread checks.</summary>
    private volatile ClientWebSocket? _socket;

    /// <summary>The socket the sender writes to: set by the supervisor as soon as it is connected (the hello goes first), null between connections.</summary>
    private volatile ClientWebSocket? _connected;

    /// <summary>The sequence the compute thread waits for (−1: none).</summary>
    private long _awaited = -1;

    /// <summary>When the awaited request was handed to the sender, robot real time, ns.</summary>
    private long _submittedNs;

    /// <summary>Incremented every time a connection is lost, so a waiter notices.</summary>
    private int _connectionEpoch;

    /// <summary>Written by the receive thread before <see cref="_answeredSequence"/> is published.</summary>
    private EdgeAnswer _answer;

    /// <summary>The sequence <see cref="_answer"/> holds, published last (release) by the receive thread.</summary>
    private long _answeredSequence = -1;

    private long _healthReportsSent;

    /// <summary>Creates the client for a robot running <paramref name="card"/> on frames of the given size. Starts nothing: call <see cref="Start"/>.</summary>
    /// <param name="options">The server, the token, intervals.</param>
    /// <param name="card">The model the robot runs (the server must serve the same).</param>
    /// <param name="frameWidth">Frame width, pixels.</param>
    /// <param name="frameHeight">Frame height, pixels.</param>
    /// <param name="logger">Logging.</param>
    /// <param name="faults">Where a loop's barrier reports a defect (the rig's heartbeat); null: logged only.</param>
    /// <param name="healthSource">
    /// Fills the robot's health report (route counts, deadlines, safety) for the site view; called every
    /// <see cref="EdgeClientOptions.HealthIntervalMs"/> while welcomed, on the sender thread — never on
    /// the compute or control thread — with the same message object each time (overwrite every field).
    /// Null sends no reports.
    /// </param>
    public EdgeClient(EdgeClientOptions options, ModelCard card, int frameWidth, int frameHeight, ILogger logger,
        IFaultReporter? faults = null, Action<RobotHealth>? healthSource = null)
    {
        _options = options;
        _card = card;
        _frameWidth = frameWidth;
        _frameHeight = frameHeight;
        _logger = logger;
        _faults = faults;
        _healthSource = healthSource;
        Pixels = new PixelTensorCodec(card.Input);
        TensorBytes = new byte[options.SendPixelBytes ? Pixels.TensorLength : Pixels.TensorLength * sizeof(float)];
        _encoding = options.SendPixelBytes ? TensorEncoding.Uint8Pixel : TensorEncoding.Float32;
        _requests = new OutgoingRequest[RequestPoolSize];
        for (int i = 0; i < _requests.Length; i++)
        {
            // Room for the envelope, the widest integers and a 64-character robot id: never grows.
            _requests[i] = new OutgoingRequest(i, WireCodec.HeaderBytes + TensorBytes.Length + 160);
        }

        _spare = _requests[0];
        for (int i = 1; i < _requests.Length; i++)
        {
            _returned.TryWrite(i);
        }
    }

    /// <summary>Maps the model's float input to one byte per value.</summary>
    public PixelTensorCodec Pixels { get; }

    /// <summary>The tensor bytes sent by the next <see cref="Submit"/>; the compute thread writes them first.</summary>
    public byte[] TensorBytes { get; }

    /// <summary>Whether tensors go as bytes (<see cref="PixelTensorCodec"/>) rather than float32.</summary>
    public bool SendsPixelBytes => _options.SendPixelBytes;

    /// <summary>Robot ↔ edge clock offset.</summary>
    public ClockOffsetEstimator Clock { get; } = new();

    /// <summary>The robot id the server knows this token by (set by its welcome).</summary>
    public string? RobotId { get; private set; }

    /// <summary>Connected, welcomed, and the clock offset measured: offload may be tried.</summary>
    public bool IsHealthy => _socket is not null && Clock.HasEstimate;

    /// <summary>Whether <see cref="Start"/> has run.</summary>
    public bool Started => Volatile.Read(ref _started) != 0;

    /// <summary>Whether a loop's barrier caught a defect (reported to the fault reporter); the client then stays disconnected.</summary>
    public bool Failed => _failed;

    /// <summary>Successful connections so far (1 + reconnects).</summary>
    public int Connections { get; private set; }

    /// <summary>Connection attempts refused by the server (HTTP 401: unknown or revoked token).</summary>
    public int Refusals { get; private set; }

    /// <summary>The newest task the server assigned to this robot, if any.</summary>
    public string? AssignedTaskId { get; private set; }

    /// <summary>
    /// The 90th percentile of recent round trips (hand-off → answer, pose or rejection), whether or
    /// not the robot still waited for them; recorded by the receive thread. p90 rather than p99: it
    /// decides between offloading and hedging, not whether the frame is safe — the deadline-aware
    /// timeout and the on-board fallback make every route safe — and with a 64-sample window a p99
    /// is the maximum, so one descheduled round trip would stop offloading for two seconds.
    /// </summary>
    public RecentPercentile RoundTrips { get; } = new(0.9);

    /// <summary>Health reports sent so far (all connections).</summary>
    public long HealthReportsSent => Interlocked.Read(ref _healthReportsSent);

    /// <summary>
    /// Starts the sender thread and the connection supervisor (connecting in the background).
    /// Idempotent. Not real-time; call before the loop.
    /// </summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _sender = new Thread(SenderThread) { Name = "robotedge-edge-send", IsBackground = true };
        _sender.Start();
        _supervisor = Task.Run(SupervisorBarrierAsync);
    }

    /// <summary>
    /// Hands the request for frame <paramref name="sequence"/>, with the tensor in
    /// <see cref="TensorBytes"/>, to the sender. Compute thread only. Real-time safe: no allocation,
    /// no lock, never waits for the network. Returns false when there is no healthy connection; a
    /// send that then fails or takes longer than <paramref name="sendTimeoutNs"/> aborts the
    /// connection, which <see cref="Wait"/> reports as <see cref="EdgeAnswerStatus.Disconnected"/>.
    /// </summary>
    /// <param name="sequence">Frame sequence.</param>
    /// <param name="captureRobotNs">Capture time, robot clock.</param>
    /// <param name="deadlineEdgeNs">When the result must leave the server, server clock.</param>
    /// <param name="sendTimeoutNs">Longest the send may wait to start and finish before the robot gives up on it.</param>
    public bool Submit(long sequence, long captureRobotNs, long deadlineEdgeNs, long sendTimeoutNs)
    {
        ClientWebSocket? socket = _socket;
        if (socket is null || RobotId is null)
        {
            return false;
        }

        OutgoingRequest? request = _spare;
        if (request is null)
        {
            if (!_returned.TryRead(out int index))
            {
                // Unreachable with three buffers (one sending, one waiting, one here); refused rather than blocking.
                return false;
            }

            request = _requests[index];
        }

        long now = MonotonicClock.GetTimestampNs();
        Volatile.Write(ref _submittedNs, now);
        Volatile.Write(ref _awaited, sequence);
        WireCodec.WriteInferRequest(request.Wire, _robotIdUtf8, sequence, captureRobotNs, deadlineEdgeNs, _encoding, TensorBytes);
        request.SendByNs = now + sendTimeoutNs;
        // Full fence: the request's bytes are visible to the sender that takes it. A request still
        // waiting in the slot is stale now; it comes back to be written over next time.
        _spare = _outgoing.Exchange(request);
        _doorbell.Ring();
        return true;
    }

    /// <summary>
    /// Waits until the answer to <paramref name="sequence"/> arrives, the connection is lost, or the
    /// robot clock passes <paramref name="untilRealNs"/>. Compute thread only; no lock, no allocation.
    /// </summary>
    public EdgeAnswerStatus Wait(long sequence, long untilRealNs, ref EdgeAnswer answer)
    {
        int epoch = Volatile.Read(ref _connectionEpoch);
        while (true)
        {
            if (TryTake(sequence, ref answer))
            {
                return answer.Status;
            }

            if (Volatile.Read(ref _connectionEpoch) != epoch || _socket is null)
            {
                return EdgeAnswerStatus.Disconnected;
            }

            long left = untilRealNs - MonotonicClock.GetTimestampNs();
            if (left <= 0)
            {
                return EdgeAnswerStatus.Timeout;
            }

            // An answer or a disconnect that lands after the looks above has rung already: the wait
            // returns at once. Whole milliseconds, rounded up (what poll takes).
            _answered.Wait((int)Math.Min(int.MaxValue, (left + 999_999) / 1_000_000));
        }
    }

    /// <summary>Takes the answer to <paramref name="sequence"/> if it has arrived. Compute thread only; never blocks.</summary>
    public bool TryTake(long sequence, ref EdgeAnswer answer)
    {
        // Acquire: the receive thread wrote the answer before publishing its sequence.
        if (Volatile.Read(ref _answeredSequence) != sequence)
        {
            return false;
        }

        answer = _answer;
        return true;
    }

    /// <summary>
    /// A loop's barrier caught a defect: log it in one line, report it, and stay disconnected (the
    /// robot's perception stays on board; the fault reporter decides whether the robot stops).
    /// </summary>
    private void Fail(string loop, Exception e)
    {
        _failed = true;
        LogLoopFailed(_logger, loop, e.GetType().Name, e.Message);
        _faults?.ReportFault("edge client", e);
        try
        {
            _shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: already shutting down.
        }

        _connected?.Abort();
        LoseConnection();
        _doorbell.Ring();
    }

    private void LoseConnection()
    {
        _socket = null;
        _connected = null;
        Interlocked.Increment(ref _connectionEpoch);
        _answered.Ring();
    }

    /// <summary>Whether <paramref name="e"/> is the network failing (the connection ends, perception stays on board), not a defect.</summary>
    private static bool IsNetworkError(Exception e) => e switch
    {
        WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or HttpRequestException => true,
        AggregateException a => a.InnerExceptions.All(IsNetworkError),
        _ => false,
    };

    /// <summary>Stops the loops and waits for them (2 s at most each). Call after the compute thread stopped submitting.</summary>
    public void Dispose()
    {
        try
        {
            _shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _connected?.Abort();
        _socket?.Abort();
        _doorbell.Ring();
        _sender?.Join(TimeSpan.FromSeconds(2));
        try
        {
            _supervisor?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Ending anyway.
        }

        _shutdown.Dispose();
        _doorbell.Dispose();
        _answered.Dispose();
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Joined edge server {Endpoint} as robot {Robot} (server batches up to {MaxBatch})")]
    private static partial void LogWelcomed(ILogger logger, string robot, Uri endpoint, uint maxBatch);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Edge server {Endpoint} refused this robot's token (401); perception stays on board")]
    private static partial void LogRefused(ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Cannot reach edge server {Endpoint}: {Reason}; perception stays on board, retrying with backoff")]
    private static partial void LogConnectFailed(ILogger logger, Uri endpoint, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Edge server sent a bad message: {Reason}")]
    private static partial void LogProtocolError(ILogger logger, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Edge server refused the hello: {Reason}")]
    private static partial void LogServerRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 350, Level = LogLevel.Error, Message = "Edge client {Loop} failed: {Kind}: {Reason}; the edge connection is closed for good, perception stays on board")]
    private static partial void LogLoopFailed(ILogger logger, string loop, string kind, string reason);
}
