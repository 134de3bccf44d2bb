using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Site;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// One authenticated robot's WebSocket. The receive loop decodes each message with
/// <see cref="WireCodec"/> and acts on it; a malformed, oversized or foreign message is refused with
/// a logged reason (rate-limited) and the connection carries on — nothing a robot sends can throw
/// out of this loop. Outgoing messages go through a bounded queue drained by one writer task, so
/// the executor never blocks on a slow robot (a full queue drops, and counts, the message).
/// Everything sent on this connection concerns its own robot only.
/// </summary>
internal sealed partial class RobotConnection
{
    /// <summary>Outgoing messages buffered per robot; beyond this the robot is not reading and messages are dropped.</summary>
    private const int SendQueueCapacity = 64;

    /// <summary>Malformed messages logged in full per connection; after that every 1000th.</summary>
    private const int MalformedLogBurst = 10;

    private readonly WebSocket _socket;
    private readonly EdgeServer _server;
    private readonly ILogger _logger;
    private readonly Channel<(byte[] Buffer, int Length)> _outgoing =
        Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private long _malformed;

    /// <summary>The HTTP request the WebSocket was upgraded from; aborting it drops the TCP connection at once.</summary>
    private readonly Microsoft.AspNetCore.Http.HttpContext _context;

    public RobotConnection(RobotEntry robot, WebSocket socket, Microsoft.AspNetCore.Http.HttpContext context, EdgeServer server, ILogger logger)
    {
        Robot = robot;
        _robotIdUtf8 = System.Text.Encoding.UTF8.GetBytes(robot.Id);
        _socket = socket;
        _context = context;
        _server = server;
        _logger = logger;
    }

    /// <summary>The authenticated robot.</summary>
    public RobotEntry Robot { get; }

    /// <summary>The robot's id as UTF-8, what its requests must name.</summary>
    private readonly byte[] _robotIdUtf8;

    /// <summary>Maps heatmaps to this robot's frame pixels; set by its hello, read by the executor.</summary>
    public volatile HeatmapDecoder? Decoder;

    /// <summary>Runs until the robot or the server closes the connection.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        Task writer = WriteLoopAsync(cancellation);
        byte[] buffer = new byte[_server.Options.MaxMessageBytes];
        byte[] discard = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open && !cancellation.IsCancellationRequested)
            {
                int total = 0;
                bool oversized = false;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (!oversized && total == buffer.Length)
                    {
                        oversized = true;
                    }

                    Memory<byte> target = oversized ? discard : buffer.AsMemory(total);
                    received = await _socket.ReceiveAsync(target, cancellation).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye").ConfigureAwait(false);
                        return;
                    }

                    if (!oversized)
                    {
                        total += received.Count;
                    }
                }
                while (!received.EndOfMessage);

                if (oversized)
                {
                    Malformed(WireError.TooLarge.ToString());
                }
                else if (received.MessageType != WebSocketMessageType.Binary)
                {
                    Malformed("text message");
                }
                else
                {
                    Handle(buffer.AsMemory(0, total));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogDisconnected(_logger, Robot.Id, e.Message);
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            _server.OnDisconnected(this);
            await writer.ConfigureAwait(false);
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
    /// Queues an inference answer to this robot; any thread. Real-time safe: encoded with
    /// <see cref="WireCodec.WriteInferResult"/> into the calling thread's reused buffer, copied into a
    /// pooled one for the writer task; no allocation in steady state (with an empty or null detail).
    /// </summary>
    public void SendResult(long sequence, ReadOnlySpan<float> keypoints, RejectReason rejection, string? detail, uint batchSize, long queuedNs, long executionNs)
    {
        WireBuffer wire = t_wire ??= new WireBuffer();
        WireCodec.WriteInferResult(wire, sequence, keypoints, rejection, detail, batchSize, queuedNs, executionNs);
        Send(wire.WrittenMemory.Span);
    }

    /// <summary>Queues one encoded wire message (copied into a pooled buffer that the writer task returns); any thread.</summary>
    private void Send(ReadOnlySpan<byte> wire)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(wire.Length);
        wire.CopyTo(buffer);
        if (!_outgoing.Writer.TryWrite((buffer, wire.Length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _server.Statistics._droppedSends);
        }
    }

    /// <summary>Closes the connection from the server's side (revocation, replacement, shutdown).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone: nothing left to close.
        }
    }

    /// <summary>
    /// Drops the connection at once, without a closing handshake, as a crashed server's kernel
    /// would: the transport is aborted, so the robot sees its connection reset now rather than
    /// when the request pipeline unwinds.
    /// </summary>
    public void Abort()
    {
        _socket.Abort();
        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended (the robot hung up as we killed it): nothing left to drop.
        }
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
            refusal = $"token belongs to '{Robot.Id}', hello names '{hello.RobotId}'";
        }
        else if (hello.ModelName != card.Name)
        {
            refusal = $"this server serves model '{card.Name}', the robot runs '{hello.ModelName}'";
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
            Send(new Refusal { Reason = refusal });
            _ = CloseAsync(WebSocketCloseStatus.PolicyViolation, "hello refused");
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
            invalid = $"request names robot '{robotId}'";
        }
        else if (encoding == TensorEncoding.Uint8Pixel ? tensor.Length != expected
                 : encoding != TensorEncoding.Float32 || tensor.Length != expected * sizeof(float))
        {
            invalid = $"tensor of {tensor.Length} bytes as {encoding}; the model takes {expected} values";
        }

        if (invalid is not null)
        {
            Interlocked.Increment(ref _server.Statistics._rejectedInvalid);
            Malformed(invalid);
            SendResult(sequence, [], RejectReason.Malformed, invalid, batchSize: 0, queuedNs: 0, executionNs: 0);
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
            LogMalformed(_logger, Robot.Id, reason, n);
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach ((byte[] buffer, int length) in _outgoing.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                try
                {
                    await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is going away; the receive loop reports it.
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Robot {Robot} joined ({Width}x{Height} frames)")]
    private static partial void LogJoined(ILogger logger, string robot, uint width, uint height);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Robot {Robot}: message refused: {Reason} (refused so far on this connection: {Count})")]
    private static partial void LogMalformed(ILogger logger, string robot, string reason, long count);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "Robot {Robot}: hello refused: {Reason}")]
    private static partial void LogHelloRefused(ILogger logger, string robot, string reason);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Robot {Robot} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string robot, string reason);
}
