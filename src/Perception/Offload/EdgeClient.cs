using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// A robot's connection to its site edge server: one WebSocket, kept up by a supervisor that
/// reconnects with exponential backoff; a receive loop that answers the compute thread's pending
/// request and feeds the clock-offset estimator from pings. The compute thread talks to it
/// through <see cref="Submit"/> and <see cref="Wait"/>: one request in flight at a time (the robot
/// waits for its newest frame only).
/// </summary>
/// <remarks>
/// Allocation on the network path: the request's wire buffer and the tensor's byte buffer are
/// allocated once, and each request is written into the same wire buffer with
/// <see cref="WireCodec.WriteInferRequest"/> (MessagePack, the tensor copied once), so
/// <see cref="Submit"/> allocates nothing when the socket accepts the send synchronously (a send
/// that must wait allocates its task). The receive thread reads each answer in place
/// (<see cref="WireCodec.TryReadInferResult"/>) into a reused keypoint buffer: no allocation per
/// answer either; the rare other messages are deserialized.
/// </remarks>
public sealed partial class EdgeClient : IDisposable
{
    private const int ReceiveBufferBytes = 64 * 1024;

    private readonly EdgeClientOptions _options;
    private readonly ModelCard _card;
    private readonly int _frameWidth, _frameHeight;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ManualResetEventSlim _answered = new(false);
    private readonly TensorEncoding _encoding;
    private readonly WireBuffer _requestWire;

    /// <summary>The keypoint values of the answer being read (x, y, confidence each); receive thread only.</summary>
    private readonly float[] _keypointValues = new float[3 * Bus.Messages.KeypointSet.Capacity];

    /// <summary>The welcomed robot id as UTF-8, what every request names; set by the receive thread before <see cref="_socket"/>.</summary>
    private volatile byte[] _robotIdUtf8 = [];
    private Task? _supervisor;

    /// <summary>The open socket once welcomed; null while (re)connecting.</summary>
    private volatile ClientWebSocket? _socket;

    /// <summary>The sequence the compute thread waits for (−1: none).</summary>
    private long _awaited = -1;

    /// <summary>When the awaited request was sent, robot real time, ns.</summary>
    private long _submittedNs;

    /// <summary>Incremented every time a connection is lost, so a waiter notices.</summary>
    private int _connectionEpoch;

    /// <summary>Written by the receive thread before <see cref="_answeredSequence"/> is published.</summary>
    private EdgeAnswer _answer;

    /// <summary>The sequence <see cref="_answer"/> holds, published last (release) by the receive thread.</summary>
    private long _answeredSequence = -1;

    /// <summary>Creates the client for a robot running <paramref name="card"/> on frames of the given size. Call <see cref="Start"/>.</summary>
    public EdgeClient(EdgeClientOptions options, ModelCard card, int frameWidth, int frameHeight, ILogger logger)
    {
        _options = options;
        _card = card;
        _frameWidth = frameWidth;
        _frameHeight = frameHeight;
        _logger = logger;
        Pixels = new PixelTensorCodec(card.Input);
        TensorBytes = new byte[options.SendPixelBytes ? Pixels.TensorLength : Pixels.TensorLength * sizeof(float)];
        _encoding = options.SendPixelBytes ? TensorEncoding.Uint8Pixel : TensorEncoding.Float32;
        // Room for the envelope, the widest integers and a 64-character robot id: never grows.
        _requestWire = new WireBuffer(WireCodec.HeaderBytes + TensorBytes.Length + 160);
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

    /// <summary>Successful connections so far (1 + reconnects).</summary>
    public int Connections { get; private set; }

    /// <summary>Connection attempts refused by the server (HTTP 401: unknown or revoked token).</summary>
    public int Refusals { get; private set; }

    /// <summary>The newest task the server assigned to this robot, if any.</summary>
    public string? AssignedTaskId { get; private set; }

    /// <summary>
    /// The 90th percentile of recent round trips (send → answer, pose or rejection), whether or not
    /// the robot still waited for them; recorded by the receive thread. p90 rather than p99: it
    /// decides between offloading and hedging, not whether the frame is safe — the deadline-aware
    /// timeout and the on-board fallback make every route safe — and with a 64-sample window a p99
    /// is the maximum, so one descheduled round trip would stop offloading for two seconds.
    /// </summary>
    public RecentPercentile RoundTrips { get; } = new(0.9);

    /// <summary>
    /// Fills the robot's health report (route counts, deadlines, safety) for the site view. Called
    /// every <see cref="EdgeClientOptions.HealthIntervalMs"/> while welcomed, on a thread-pool
    /// thread — never on the compute or control thread — with the same message object each time
    /// (overwrite every field). May be set at any time; null sends no reports.
    /// </summary>
    public Action<RobotHealth>? HealthSource { get; set; }

    /// <summary>Health reports sent so far (all connections).</summary>
    public long HealthReportsSent => Interlocked.Read(ref _healthReportsSent);

    private long _healthReportsSent;

    /// <summary>Starts connecting in the background.</summary>
    public void Start() => _supervisor ??= Task.Run(SuperviseAsync);

    /// <summary>
    /// Sends a request for frame <paramref name="sequence"/> with the tensor in <see cref="TensorBytes"/>.
    /// Compute thread only. Returns false when there is no healthy connection or the send fails.
    /// </summary>
    /// <param name="sequence">Frame sequence.</param>
    /// <param name="captureRobotNs">Capture time, robot clock.</param>
    /// <param name="deadlineEdgeNs">When the result must leave the server, server clock.</param>
    /// <param name="sendTimeoutNs">Longest the send itself may take before the robot gives up.</param>
    public bool Submit(long sequence, long captureRobotNs, long deadlineEdgeNs, long sendTimeoutNs)
    {
        ClientWebSocket? socket = _socket;
        if (socket is null || RobotId is null)
        {
            return false;
        }

        Volatile.Write(ref _submittedNs, MonotonicClock.GetTimestampNs());
        Volatile.Write(ref _awaited, sequence);
        WireCodec.WriteInferRequest(_requestWire, _robotIdUtf8, sequence, captureRobotNs, deadlineEdgeNs, _encoding, TensorBytes);
        return SendRaw(socket, _requestWire.WrittenMemory, sendTimeoutNs);
    }

    /// <summary>
    /// Waits until the answer to <paramref name="sequence"/> arrives or the robot clock passes
    /// <paramref name="untilRealNs"/>. Compute thread only.
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

            // Reset, then look again before sleeping, so an answer or a disconnect that lands in
            // between is not slept through.
            _answered.Reset();
            if (TryTake(sequence, ref answer))
            {
                return answer.Status;
            }

            if (Volatile.Read(ref _connectionEpoch) != epoch || _socket is null)
            {
                return EdgeAnswerStatus.Disconnected;
            }

            _answered.Wait(TimeSpan.FromTicks(Math.Max(1, left / 100)));
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

    private bool SendRaw(ClientWebSocket socket, ReadOnlyMemory<byte> wire, long timeoutNs)
    {
        if (!_sendLock.Wait(TimeSpan.FromTicks(Math.Max(1, timeoutNs / 100))))
        {
            return false;
        }

        try
        {
            ValueTask send = socket.SendAsync(wire, WebSocketMessageType.Binary, true, CancellationToken.None);
            if (send.IsCompletedSuccessfully)
            {
                return true;
            }

            Task pending = send.AsTask();
            if (!pending.Wait(TimeSpan.FromTicks(Math.Max(1, timeoutNs / 100))))
            {
                // A send that cannot finish in time means a dead or stuck connection.
                socket.Abort();
                return false;
            }

            return pending.IsCompletedSuccessfully;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or AggregateException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendAsync(ClientWebSocket socket, RobotToEdge message, CancellationToken cancellation)
    {
        byte[] wire = WireCodec.Encode(message);
        await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(wire, WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SuperviseAsync()
    {
        int failures = 0;
        CancellationToken stop = _shutdown.Token;
        while (!stop.IsCancellationRequested)
        {
            bool welcomed = false;
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.Token);
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    connectTimeout.CancelAfter(_options.ConnectTimeoutMs);
                    await socket.ConnectAsync(_options.Endpoint, connectTimeout.Token).ConfigureAwait(false);
                }

                await SendAsync(socket, new Hello { ModelName = _card.Name, FrameWidth = (uint)_frameWidth, FrameHeight = (uint)_frameHeight }, stop)
                    .ConfigureAwait(false);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
                Task pinger = PingLoopAsync(socket, connection.Token);
                Task reporter = HealthLoopAsync(socket, connection.Token);
                welcomed = await ReceiveLoopAsync(socket, stop).ConfigureAwait(false);
                connection.Cancel();
                await pinger.ConfigureAwait(false);
                await reporter.ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or HttpRequestException)
            {
                if (socket.HttpStatusCode == HttpStatusCode.Unauthorized)
                {
                    Refusals++;
                    LogRefused(_logger, _options.Endpoint);
                }
                else if (failures < 3 && !stop.IsCancellationRequested)
                {
                    LogConnectFailed(_logger, _options.Endpoint, e.Message);
                }
            }
            finally
            {
                LoseConnection();
                socket.Dispose();
            }

            failures = welcomed ? 0 : failures + 1;
            int delayMs = (int)Math.Min(_options.BackoffMaxMs, (long)_options.BackoffInitialMs << Math.Min(failures, 16));
            try
            {
                await Task.Delay(delayMs, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Receives until the connection ends; returns whether the server welcomed this robot.</summary>
    private async Task<bool> ReceiveLoopAsync(ClientWebSocket socket, CancellationToken stop)
    {
        byte[] buffer = new byte[ReceiveBufferBytes];
        bool welcomed = false;
        while (socket.State == WebSocketState.Open)
        {
            int total = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (total == buffer.Length)
                {
                    LogProtocolError(_logger, "oversized message from the server");
                    return welcomed;
                }

                received = await socket.ReceiveAsync(buffer.AsMemory(total), stop).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return welcomed;
                }

                total += received.Count;
            }
            while (!received.EndOfMessage);

            long arrivedNs = MonotonicClock.GetTimestampNs();
            ReadOnlyMemory<byte> wire = buffer.AsMemory(0, total);
            if (WireCodec.TryReadInferResult(wire, ReceiveBufferBytes, _keypointValues, out InferResultView result, out WireError error))
            {
                OnResult(result, arrivedNs);
                continue;
            }

            EdgeToRobot? message = null;
            if (error == WireError.None)
            {
                error = WireCodec.TryDecode(wire, ReceiveBufferBytes, out message);
            }

            if (error != WireError.None)
            {
                LogProtocolError(_logger, error.ToString());
                continue;
            }

            switch (message)
            {
                case Welcome welcome:
                    RobotId = welcome.RobotId ?? "";
                    _robotIdUtf8 = System.Text.Encoding.UTF8.GetBytes(RobotId);
                    Clock.Reset();
                    welcomed = true;
                    Connections++;
                    _socket = socket;
                    LogWelcomed(_logger, RobotId, _options.Endpoint, welcome.MaxBatch);
                    break;
                case ClockPong p:
                    Clock.AddSample(p.RobotSendNs, p.EdgeReceiveNs, p.EdgeSendNs, arrivedNs);
                    break;
                case TaskAssignment task:
                    AssignedTaskId = task.TaskId;
                    break;
                case Refusal refusal:
                    LogServerRefused(_logger, refusal.Reason ?? "");
                    return welcomed;
            }
        }

        return welcomed;
    }

    /// <summary>Publishes an answer the compute thread waits for. Receive thread; no allocation.</summary>
    private void OnResult(in InferResultView result, long arrivedNs)
    {
        if (result.Sequence != Volatile.Read(ref _awaited))
        {
            return;
        }

        RoundTrips.Add(arrivedNs - Volatile.Read(ref _submittedNs));
        _answer.Sequence = result.Sequence;
        _answer.ArrivedNs = arrivedNs;
        _answer.BatchSize = (int)result.BatchSize;
        _answer.RejectReason = (int)result.Rejection;
        float[] values = _keypointValues;
        int count = Math.Min(result.KeypointValues / 3, Bus.Messages.KeypointSet.Capacity);
        if (result.Rejection != RejectReason.Unspecified || count == 0)
        {
            _answer.Status = EdgeAnswerStatus.Rejected;
            _answer.KeypointCount = 0;
        }
        else
        {
            _answer.Status = EdgeAnswerStatus.Pose;
            _answer.KeypointCount = count;
            for (int k = 0; k < count; k++)
            {
                _answer.Keypoints[k] = new Bus.Messages.Keypoint(values[3 * k], values[3 * k + 1], values[3 * k + 2]);
            }
        }

        Volatile.Write(ref _answeredSequence, result.Sequence);
        _answered.Set();
    }

    private async Task PingLoopAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var ping = new ClockPing();
        try
        {
            while (!cancellation.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                ping.RobotSendNs = MonotonicClock.GetTimestampNs();
                await SendAsync(socket, ping, cancellation).ConfigureAwait(false);
                await Task.Delay(_options.PingIntervalMs, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is going away; the receive loop ends it.
        }
    }

    /// <summary>Sends a health report every interval once the server has welcomed this connection.</summary>
    private async Task HealthLoopAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var report = new RobotHealth();
        try
        {
            while (!cancellation.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                if (ReferenceEquals(_socket, socket) && HealthSource is { } fill)
                {
                    fill(report);
                    await SendAsync(socket, report, cancellation).ConfigureAwait(false);
                    Interlocked.Increment(ref _healthReportsSent);
                }

                await Task.Delay(_options.HealthIntervalMs, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is going away; the receive loop ends it.
        }
    }

    private void LoseConnection()
    {
        _socket = null;
        Interlocked.Increment(ref _connectionEpoch);
        _answered.Set();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _shutdown.Cancel();
        _socket?.Abort();
        try
        {
            _supervisor?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Ending anyway.
        }

        _shutdown.Dispose();
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
}
