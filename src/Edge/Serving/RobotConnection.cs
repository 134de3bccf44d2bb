using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving.Connections;
using RobotEdge.Edge.Site;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// One authenticated robot's WebSocket. The receive loop decodes each message with
/// <see cref="WireCodec"/> and acts on it; a malformed or foreign message is refused with a logged
/// reason (rate-limited) and the connection carries on — nothing a robot sends can throw out of this
/// loop. A message over the size limit ends the connection with a 1009 close. Outgoing messages go
/// through a bounded queue drained by one writer task, so the executor never blocks on a slow robot
/// (a full queue drops, and counts, the message); closing goes through the same queue, so whatever
/// was queued before a close (a refusal, the last answers) reaches the robot before the close frame.
/// Everything sent on this connection concerns its own robot only. How it ends:
/// <c>RobotConnection.Closing.cs</c>.
/// </summary>
internal sealed partial class RobotConnection
{
    /// <summary>Malformed messages logged in full per connection; after that every 1000th.</summary>
    private const int MalformedLogBurst = 10;

    private readonly WebSocket _socket;
    private readonly EdgeServer _server;
    private readonly ILogger _logger;

    /// <summary>Encoded messages for the writer task, each in a pooled buffer the writer returns; bounded by <see cref="EdgeServerOptions.SendQueueCapacity"/>.</summary>
    private readonly Channel<(byte[] Buffer, int Length)> _outgoing;

    /// <summary>Requests handed to the executor and not answered yet (what a shutdown must answer).</summary>
    private readonly OutstandingRequests _outstanding;

    /// <summary>The HTTP request the WebSocket was upgraded from; aborting it drops the TCP connection at once.</summary>
    private readonly HttpContext _context;

    /// <summary>The robot's id as UTF-8, what its requests must name.</summary>
    private readonly byte[] _robotIdUtf8;

    private long _malformed;

    /// <summary>When the last complete message arrived, server clock, ns; written by the receive loop, read by the watchdog.</summary>
    private long _lastMessageNs;

    public RobotConnection(long id, RobotEntry robot, WebSocket socket, HttpContext context, EdgeServer server, ILogger logger)
    {
        Id = id;
        Robot = robot;
        _robotIdUtf8 = System.Text.Encoding.UTF8.GetBytes(robot.Id);
        _socket = socket;
        _context = context;
        _server = server;
        _logger = logger;
        // Wait mode, used only through TryWrite: a full queue makes TryWrite return false, so the
        // drop is counted and its buffer returned (DropWrite would report success and lose both).
        _outgoing = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(server.Options.SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _outstanding = new OutstandingRequests(server.Options.MaxRequestsInFlight);
        AcceptedNs = _lastMessageNs = MonotonicClock.GetTimestampNs();
    }

    /// <summary>This connection's id within the server (log lines, the connection table).</summary>
    public long Id { get; }

    /// <summary>The authenticated robot.</summary>
    public RobotEntry Robot { get; }

    /// <summary>When the WebSocket was accepted, server clock, ns.</summary>
    public long AcceptedNs { get; }

    /// <summary>Requests of this connection the executor has not answered yet.</summary>
    public int RequestsInFlight => _outstanding.Count;

    /// <summary>Maps heatmaps to this robot's frame pixels; set by its hello, read by the executor.</summary>
    public volatile HeatmapDecoder? Decoder;

    /// <summary>Runs until the robot or the server closes the connection, or it is dropped; then gives back what it holds.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        Task writer = WriteLoopAsync(cancellation);
        var buffer = new ReceiveBuffer(_server.ReceiveLimitBytes, _server.ConnectionTable);
        try
        {
            while (true)
            {
                int total = 0;
                ValueWebSocketReceiveResult received = default;
                do
                {
                    if (total == buffer.Capacity && !buffer.TryGrow(total))
                    {
                        // More than the largest message this server takes, however long the frame
                        // says it is (1 GiB, 2^62 bytes): a 1009 close, and what follows is read
                        // into the same buffer and dropped until the robot's close or the close
                        // timeout (the watchdog then drops the transport).
                        OnTooLarge(buffer.LimitBytes);
                        total = 0;
                        continue;
                    }

                    received = await _socket.ReceiveAsync(buffer.Array.AsMemory(total, buffer.Capacity - total), cancellation).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        // The robot's close, or its answer to ours: the writer answers it after what is queued.
                        Close(WebSocketCloseStatus.NormalClosure, "bye");
                        return;
                    }

                    total += received.Count;
                }
                while (!received.EndOfMessage);

                Volatile.Write(ref _lastMessageNs, MonotonicClock.GetTimestampNs());
                if (IsClosing)
                {
                    // Closed by the server: read on only to meet the robot's close frame.
                    continue;
                }

                if (received.MessageType != WebSocketMessageType.Binary)
                {
                    Malformed("text message");
                }
                else
                {
                    Handle(buffer.Array.AsMemory(0, total));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogDisconnected(_logger, Robot.Id, Id, e.Message);
        }
        finally
        {
            // Ends the writer on every path (a dropped transport fails its send at once); a writer
            // stuck on a robot that does not read is aborted by the watchdog after the close timeout.
            Close(WebSocketCloseStatus.NormalClosure, "bye");
            await writer.ConfigureAwait(false);
            buffer.Dispose();
            _server.OnDisconnected(this);
        }
    }

    /// <summary>Each sending thread's encode buffer (the executor's, the connections', the server's); reused message after message.</summary>
    [ThreadStatic]
    private static WireBuffer? t_wire;

    /// <summary>Queues a message to this robot; any thread. Dropped (and counted) when the robot is not reading.</summary>
    public void Send(EdgeToRobot message)
    {
        WireBuffer wire = t_wire ??= new WireBuffer();
        WireCodec.Encode(message, wire);
        Send(wire.WrittenMemory.Span);
    }

    /// <summary>
    /// Queues the executor's answer to a request this connection handed it; any thread. Real-time
    /// safe: encoded with <see cref="WireCodec.WriteInferResult"/> into the calling thread's reused
    /// buffer, copied into a pooled one for the writer task; no allocation in steady state (with an
    /// empty or null detail). Marks the request answered for the shutdown's bookkeeping
    /// (<see cref="OutstandingRequests"/>, lock-free).
    /// </summary>
    public void SendResult(long sequence, ReadOnlySpan<float> keypoints, RejectReason rejection, string? detail, uint batchSize, long queuedNs, long executionNs)
    {
        _outstanding.TryRemove(sequence);
        WriteResult(sequence, keypoints, rejection, detail, batchSize, queuedNs, executionNs);
    }

    /// <summary>Queues an answer that did not come through the executor (a refusal of the connection's own); any thread.</summary>
    private void WriteResult(long sequence, ReadOnlySpan<float> keypoints, RejectReason rejection, string? detail, uint batchSize, long queuedNs, long executionNs)
    {
        WireBuffer wire = t_wire ??= new WireBuffer();
        WireCodec.WriteInferResult(wire, sequence, keypoints, rejection, detail, batchSize, queuedNs, executionNs);
        Send(wire.WrittenMemory.Span);
    }

    private void Handle(ReadOnlyMemory<byte> wire)
    {
        long receivedNs = MonotonicClock.GetTimestampNs();
        // Inference requests, nearly all the traffic, are read in place: the tensor is copied once,
        // into a pooled buffer. The in-place reader decides every request; other kinds go through
        // MessagePack's deserializer.
        if (WireCodec.TryReadInfer(wire, _server.Options.MaxMessageBytes, out InferRequestView view, out WireError error))
        {
            OnInfer(wire.Span, view, receivedNs);
            return;
        }

        if (error == WireError.None)
        {
            error = WireCodec.TryDecode(wire, _server.Options.MaxMessageBytes, out RobotToEdge? message);
            if (error == WireError.None)
            {
                Dispatch(message!, receivedNs);
                return;
            }
        }

        Malformed(error.ToString());
    }

    private void Dispatch(RobotToEdge message, long receivedNs)
    {
        switch (message)
        {
            case Hello hello:
                OnHello(hello);
                break;
            case ClockPing ping:
                Send(new ClockPong { RobotSendNs = ping.RobotSendNs, EdgeReceiveNs = receivedNs, EdgeSendNs = MonotonicClock.GetTimestampNs() });
                break;
            case RobotStatus s when SiteTaskBoard.Check(s) is string refused:
                Malformed(refused);
                break;
            case RobotStatus s:
                _server.SendAssignments(_server.Site.Update(Robot.Index, connected: true, s.Faulted, s.XM, s.YM, s.CompletedTaskId));
                break;
            case RobotHealth health:
                OnHealth(health, receivedNs);
                break;
            default:
                // Requests never get here: TryReadInfer decides every one.
                Malformed($"unexpected {message.GetType().Name}");
                break;
        }
    }

    private void OnHello(Hello hello)
    {
        var card = _server.Model.Card;
        string? refusal = null;
        if (!string.IsNullOrEmpty(hello.RobotId) && hello.RobotId != Robot.Id)
        {
            refusal = $"token belongs to '{Robot.Id}', hello names '{LogText.Sanitize(hello.RobotId)}'";
        }
        else if (hello.ModelName != card.Name)
        {
            refusal = $"this server serves model '{card.Name}', the robot runs '{LogText.Sanitize(hello.ModelName)}'";
        }
        else if (hello.FrameWidth is < 16 or > 8192 || hello.FrameHeight is < 16 or > 8192)
        {
            refusal = $"frame size {hello.FrameWidth}x{hello.FrameHeight} is outside 16..8192";
        }
        else
        {
            refusal = Scheduling.FrameRateLimiter.Check(hello.FrameRateHz);
        }

        if (refusal is not null)
        {
            LogHelloRefused(_logger, Robot.Id, refusal);
            Interlocked.Increment(ref _server.Statistics._refusedConnections);
            // Through the send queue: the refusal goes out first, then the close frame.
            Close(WebSocketCloseStatus.PolicyViolation, "hello refused", new Refusal { Reason = refusal });
            return;
        }

        _server.Executor.DeclareFrameRate(Robot.Index, hello.FrameRateHz);
        var geometry = new LetterboxGeometry((int)hello.FrameWidth, (int)hello.FrameHeight, card.Input.Width, card.Input.Height);
        Decoder = new HeatmapDecoder(card.Output, _server.Model.ItemOutputShape, geometry);
        Send(new Welcome
        {
            RobotId = Robot.Id, ModelName = card.Name, InputWidth = (uint)card.Input.Width, InputHeight = (uint)card.Input.Height,
            MaxBatch = (uint)_server.Model.MaxBatch,
        });
        LogJoined(_logger, Robot.Id, hello.FrameWidth, hello.FrameHeight);
        _server.SendAssignments(_server.Site.Update(Robot.Index, connected: true, faulted: false, null, null, null));
    }

    private void OnInfer(ReadOnlySpan<byte> wire, in InferRequestView view, long receivedNs)
    {
        ReadOnlySpan<byte> robotId = wire.Slice(view.RobotIdOffset, view.RobotIdLength);
        if (robotId.SequenceEqual(_robotIdUtf8))
        {
            OnInfer(Robot.Id, view.Sequence, view.DeadlineEdgeNs, view.Encoding, wire.Slice(view.TensorOffset, view.TensorLength), receivedNs);
        }
        else
        {
            // Only on the refusal path: the name, as the robot wrote it, for the log.
            OnInfer(System.Text.Encoding.UTF8.GetString(robotId), view.Sequence, view.DeadlineEdgeNs, view.Encoding, wire.Slice(view.TensorOffset, view.TensorLength), receivedNs);
        }
    }

    private void OnInfer(string robotId, long sequence, long deadlineEdgeNs, TensorEncoding encoding, ReadOnlySpan<byte> tensor, long receivedNs)
    {
        string? invalid = null;
        int expected = _server.Model.InputItemLength;
        if (Decoder is null)
        {
            invalid = "inference before hello";
        }
        else if (robotId != Robot.Id)
        {
            // A robot may only ever submit its own frames: its token decides who it is.
            invalid = $"request names robot '{LogText.Sanitize(robotId)}'";
        }
        else if (encoding == TensorEncoding.Uint8Pixel ? tensor.Length != expected
                 : encoding != TensorEncoding.Float32 || tensor.Length != expected * sizeof(float))
        {
            invalid = $"tensor of {tensor.Length} bytes as {encoding}; the model takes {expected} values";
        }
        else if (encoding == TensorEncoding.Float32 && FiniteTensor.IndexOfNonFinite(tensor) is int nonFinite and >= 0)
        {
            // A NaN or ±Inf input makes every output NaN, which decodes as a confident pose.
            Interlocked.Increment(ref _server.ConnectionStatistics._nonFiniteTensors);
            invalid = $"tensor value {nonFinite} is {FiniteTensor.Describe(tensor, nonFinite)}; every value must be finite";
        }

        if (invalid is not null)
        {
            Interlocked.Increment(ref _server.Statistics._rejectedInvalid);
            Malformed(invalid);
            WriteResult(sequence, [], RejectReason.Malformed, invalid, batchSize: 0, queuedNs: 0, executionNs: 0);
            return;
        }

        if (_server.IsShuttingDown)
        {
            Interlocked.Increment(ref _server.ConnectionStatistics._shutdownAnswers);
            WriteResult(sequence, [], RejectReason.ShuttingDown, "the server is shutting down", batchSize: 0, queuedNs: 0, executionNs: 0);
            return;
        }

        if (!_outstanding.TryAdd(sequence))
        {
            Interlocked.Increment(ref _server.ConnectionStatistics._inFlightRefusals);
            Interlocked.Increment(ref _server.Statistics._rejectedQueueFull);
            WriteResult(sequence, [], RejectReason.QueueFull, $"{_outstanding.Capacity} requests of this robot are already in flight", batchSize: 0, queuedNs: 0, executionNs: 0);
            return;
        }

        _server.Executor.Submit(new PendingInference(this, sequence, deadlineEdgeNs, encoding, tensor, receivedNs), Robot.Index);
    }

    private void OnHealth(RobotHealth health, long receivedNs)
    {
        if (Decoder is null)
        {
            Malformed("health report before hello");
            return;
        }

        try
        {
            _server.Health.Report(Robot.Index, health, receivedNs);
        }
        catch (ArgumentException e)
        {
            Malformed(e.Message);
        }
    }

    private void Malformed(string reason)
    {
        Interlocked.Increment(ref _server.Statistics._malformedMessages);
        long n = ++_malformed;
        if (n <= MalformedLogBurst || n % 1000 == 0)
        {
            LogMalformed(_logger, Robot.Id, LogText.Sanitize(reason, maxChars: 240), n);
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Robot {Robot} joined ({Width}x{Height} frames)")]
    private static partial void LogJoined(ILogger logger, string robot, uint width, uint height);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Robot {Robot}: message refused: {Reason} (refused so far on this connection: {Count})")]
    private static partial void LogMalformed(ILogger logger, string robot, string reason, long count);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "Robot {Robot}: hello refused: {Reason}")]
    private static partial void LogHelloRefused(ILogger logger, string robot, string reason);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Robot {Robot} disconnected (connection {Connection}): {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string robot, long connection, string reason);
}
