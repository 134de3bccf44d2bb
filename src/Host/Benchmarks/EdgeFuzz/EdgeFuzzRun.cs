using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>
/// A fuzz run against an edge server: one honest robot sends valid frames at its camera rate while
/// fuzzing robots, one connection each, send malformed messages (<see cref="EdgeWireFuzzer"/>) at a
/// set rate, reading every answer. A connection the server closes is opened again. Counts what the
/// server answered to what, whether it kept running, what its memory did, and how the honest robot
/// fared. Clients written against the wire alone (raw WebSocket, <see cref="WireCodec"/>), not the
/// robot's own client.
/// </summary>
public sealed class EdgeFuzzRun
{
    private const long NsPerMs = 1_000_000;

    private readonly EdgeFuzzTarget _target;
    private readonly EdgeFuzzSettings _settings;
    private readonly ConcurrentDictionary<FuzzClass, long> _sent = new();
    private readonly ConcurrentDictionary<FuzzClass, long> _poses = new();
    private readonly ConcurrentDictionary<string, long> _rejections = new();
    private readonly ConcurrentDictionary<string, long> _closed = new();
    private readonly ConcurrentDictionary<string, long> _honestRejections = new();
    private readonly ConcurrentDictionary<long, long> _honestSentAt = new();
    private readonly ConcurrentBag<double> _honestLatenciesMs = [];
    private long _unknownPoses, _connections, _resets, _honestFrames, _honestHits, _honestDisconnects;

    private EdgeFuzzRun(EdgeFuzzTarget target, EdgeFuzzSettings settings)
    {
        _target = target;
        _settings = settings;
    }

    /// <summary>Runs the fuzzing to its end (or <paramref name="cancellation"/>) and reports.</summary>
    public static async Task<EdgeFuzzReport> RunAsync(EdgeFuzzTarget target, EdgeFuzzSettings settings, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Messages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MessagesPerSecond, 1);
        if (target.Fuzzers.Count == 0)
        {
            throw new ArgumentException("a fuzz run needs at least one fuzzing robot");
        }

        var run = new EdgeFuzzRun(target, settings);
        return await run.RunAsync(cancellation).ConfigureAwait(false);
    }

    private async Task<EdgeFuzzReport> RunAsync(CancellationToken cancellation)
    {
        using var fuzzingOver = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using ClientWebSocket honest = await ConnectAsync(_target.Honest.Token, cancellation).ConfigureAwait(false);
        await HelloAsync(honest, new Hello { ModelName = _target.ModelName, FrameWidth = 640, FrameHeight = 480, FrameRateHz = _settings.HonestFrameRateHz }, cancellation)
            .ConfigureAwait(false);
        Task honestReader = Task.Run(() => ReadHonestAsync(honest, fuzzingOver.Token), CancellationToken.None);

        // Honest frames alone first: the baseline of the same machine at the same load (and the
        // server's memory in its working state); the first second is warm-up, not counted.
        Task honestSender = Task.Run(() => SendHonestAsync(honest, fuzzingOver.Token), CancellationToken.None);
        await Task.Delay(1000, cancellation).ConfigureAwait(false);
        ResetHonest();
        await Task.Delay(TimeSpan.FromSeconds(_settings.BaselineSeconds), cancellation).ConfigureAwait(false);
        (long baselineFrames, long baselineHits) = (Interlocked.Read(ref _honestFrames), Interlocked.Read(ref _honestHits));
        long? rssBefore = _target.ServerRssBytes();
        ResetHonest();

        long start = MonotonicClock.GetTimestampNs();
        int share = _settings.Messages / _target.Fuzzers.Count;
        double ratePerConnection = (double)_settings.MessagesPerSecond / _target.Fuzzers.Count;
        Task[] fuzzers = _target.Fuzzers.Select((f, i) =>
        {
            int messages = i == 0 ? _settings.Messages - share * (_target.Fuzzers.Count - 1) : share;
            string other = _target.Fuzzers[(i + 1) % _target.Fuzzers.Count].Id == f.Id ? _target.Honest.Id : _target.Fuzzers[(i + 1) % _target.Fuzzers.Count].Id;
            var fuzzer = new EdgeWireFuzzer(_settings.Seed + i, f.Id, other, _target.ModelName, _target.TensorValues, classes: _settings.Classes);
            return Task.Run(() => FuzzAsync(f.Token, fuzzer, messages, ratePerConnection, cancellation), CancellationToken.None);
        }).ToArray();
        await Task.WhenAll(fuzzers).ConfigureAwait(false);
        double seconds = (MonotonicClock.GetTimestampNs() - start) / 1e9;

        // The answers to the last frames, then stop the honest robot.
        await Task.Delay(500, CancellationToken.None).ConfigureAwait(false);
        long honestFrames = Interlocked.Read(ref _honestFrames);
        await fuzzingOver.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(honestSender, honestReader).ConfigureAwait(false);
        await CloseQuietlyAsync(honest).ConfigureAwait(false);

        // Two quiet seconds for the server to drop what the fuzzing left behind (closed connections,
        // their buffers) before its memory is read again.
        await Task.Delay(2000, CancellationToken.None).ConfigureAwait(false);
        double[] latencies = [.. _honestLatenciesMs.Order()];
        return new EdgeFuzzReport
        {
            Sent = new Dictionary<FuzzClass, long>(_sent),
            Seconds = seconds,
            PosesToBadMessages = new Dictionary<FuzzClass, long>(_poses),
            PosesToUnknownSequences = Interlocked.Read(ref _unknownPoses),
            Rejections = new Dictionary<string, long>(_rejections),
            Connections = Interlocked.Read(ref _connections),
            ClosedByServer = new Dictionary<string, long>(_closed),
            Resets = Interlocked.Read(ref _resets),
            ServerAlive = _target.ServerAlive(),
            BaselineFrames = baselineFrames,
            BaselineHits = Math.Min(baselineFrames, baselineHits),
            HonestFrames = honestFrames,
            HonestHits = Math.Min(honestFrames, Interlocked.Read(ref _honestHits)),
            HonestRejections = new Dictionary<string, long>(_honestRejections),
            HonestDisconnects = Interlocked.Read(ref _honestDisconnects),
            HonestLatency = latencies.Length == 0 ? null : (latencies[(latencies.Length - 1) / 2], latencies[(int)Math.Ceiling(0.99 * latencies.Length) - 1]),
            RssBeforeBytes = rssBefore,
            RssAfterBytes = _target.ServerRssBytes(),
        };
    }

    private void ResetHonest()
    {
        Interlocked.Exchange(ref _honestFrames, 0);
        Interlocked.Exchange(ref _honestHits, 0);
        _honestRejections.Clear();
        _honestLatenciesMs.Clear();
    }

    /// <summary>One fuzzing robot: connect, hello, malformed messages at its rate; again after every close.</summary>
    private async Task FuzzAsync(string token, EdgeWireFuzzer fuzzer, int messages, double perSecond, CancellationToken cancellation)
    {
        long start = MonotonicClock.GetTimestampNs();
        int sent = 0;
        int failedInARow = 0;
        while (sent < messages && !cancellation.IsCancellationRequested)
        {
            ClientWebSocket socket;
            try
            {
                socket = await ConnectAsync(token, cancellation).ConfigureAwait(false);
                Interlocked.Increment(ref _connections);
                await socket.SendAsync(fuzzer.Hello(), WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
                failedInARow = 0;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
            {
                Interlocked.Increment(ref _resets);
                if (++failedInARow >= 50)
                {
                    // The server no longer takes this robot (or is gone): the report says so.
                    return;
                }

                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            using (socket)
            {
                var closingOurselves = new StrongBox<bool>();
                Task reader = Task.Run(() => ReadFuzzAnswersAsync(socket, closingOurselves), CancellationToken.None);
                while (sent < messages && socket.State == WebSocketState.Open && !cancellation.IsCancellationRequested)
                {
                    FuzzMessage m = fuzzer.Next();
                    try
                    {
                        await socket.SendAsync(m.Bytes, m.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        break;
                    }

                    sent++;
                    _sent.AddOrUpdate(m.Class, 1, (_, n) => n + 1);
                    if (m.ClosesConnection)
                    {
                        break;
                    }

                    // Paced: ahead of the rate, wait for it.
                    long dueNs = start + (long)(sent / perSecond * 1e9);
                    long aheadMs = (dueNs - MonotonicClock.GetTimestampNs()) / NsPerMs;
                    if (aheadMs > 0)
                    {
                        await Task.Delay((int)aheadMs, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                // Wait for the server's close after a refused hello, or close ourselves at the end.
                if (socket.State == WebSocketState.Open && sent >= messages)
                {
                    closingOurselves.Value = true;
                    await CloseQuietlyAsync(socket).ConfigureAwait(false);
                }

                await Task.WhenAny(reader, Task.Delay(5000, CancellationToken.None)).ConfigureAwait(false);
                socket.Abort();
                await reader.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads a fuzzing connection's answers until it ends: rejections by reason, and poses (each one a defect).</summary>
    private async Task ReadFuzzAnswersAsync(ClientWebSocket socket, StrongBox<bool> closingOurselves)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                (ValueWebSocketReceiveResult r, int length) = await ReceiveAsync(socket, buffer, CancellationToken.None).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    if (!closingOurselves.Value)
                    {
                        _closed.AddOrUpdate(socket.CloseStatus?.ToString() ?? "none", 1, (_, n) => n + 1);
                    }

                    return;
                }

                if (WireCodec.TryDecode(buffer.AsMemory(0, length), buffer.Length, out EdgeToRobot? message) != WireError.None)
                {
                    _rejections.AddOrUpdate("undecodable answer", 1, (_, n) => n + 1);
                    continue;
                }

                if (message is InferResult result)
                {
                    if (result.Rejection == RejectReason.Unspecified && result.Keypoints is { Length: > 0 })
                    {
                        if (EdgeWireFuzzer.ClassOfSequence(result.Sequence) is FuzzClass c)
                        {
                            _poses.AddOrUpdate(c, 1, (_, n) => n + 1);
                        }
                        else
                        {
                            Interlocked.Increment(ref _unknownPoses);
                        }
                    }
                    else
                    {
                        _rejections.AddOrUpdate(result.Rejection.ToString(), 1, (_, n) => n + 1);
                    }
                }
                else
                {
                    _rejections.AddOrUpdate(message!.GetType().Name, 1, (_, n) => n + 1);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!closingOurselves.Value)
            {
                Interlocked.Increment(ref _resets);
            }
        }
    }

    private async Task SendHonestAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        byte[] tensor = new byte[_target.TensorValues];
        Array.Fill(tensor, (byte)128);
        var request = new InferRequest { RobotId = _target.Honest.Id, Encoding = TensorEncoding.Uint8Pixel, Tensor = tensor };
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / _settings.HonestFrameRateHz));
        long sequence = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                long now = MonotonicClock.GetTimestampNs();
                request.Sequence = sequence;
                request.CaptureRobotNs = now;
                // The answer must leave the server 10 ms before the robot needs it (the way back, and slack).
                request.DeadlineEdgeNs = now + (long)((_settings.HonestDeadlineMs - 10) * NsPerMs);
                _honestSentAt[sequence] = now;
                await socket.SendAsync(WireCodec.Encode(request), WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
                Interlocked.Increment(ref _honestFrames);
                sequence++;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            if (!cancellation.IsCancellationRequested)
            {
                Interlocked.Increment(ref _honestDisconnects);
            }
        }
    }

    private async Task ReadHonestAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                (ValueWebSocketReceiveResult r, int length) = await ReceiveAsync(socket, buffer, cancellation).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    Interlocked.Increment(ref _honestDisconnects);
                    return;
                }

                if (WireCodec.TryDecode(buffer.AsMemory(0, length), buffer.Length, out EdgeToRobot? message) == WireError.None
                    && message is InferResult result && _honestSentAt.TryRemove(result.Sequence, out long sentAt))
                {
                    double latencyMs = (MonotonicClock.GetTimestampNs() - sentAt) / 1e6;
                    if (result.Rejection == RejectReason.Unspecified && result.Keypoints is { Length: > 0 })
                    {
                        _honestLatenciesMs.Add(latencyMs);
                        if (latencyMs <= _settings.HonestDeadlineMs)
                        {
                            Interlocked.Increment(ref _honestHits);
                        }
                    }
                    else
                    {
                        _honestRejections.AddOrUpdate(result.Rejection.ToString(), 1, (_, n) => n + 1);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            if (!cancellation.IsCancellationRequested)
            {
                Interlocked.Increment(ref _honestDisconnects);
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string token, CancellationToken cancellation)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(_target.RobotEndpoint, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Says hello and waits for the welcome (20 s at most).</summary>
    private static async Task HelloAsync(ClientWebSocket socket, Hello hello, CancellationToken cancellation)
    {
        await socket.SendAsync(WireCodec.Encode(hello), WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            (ValueWebSocketReceiveResult r, int length) = await ReceiveAsync(socket, buffer, timeout.Token).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the server closed the honest robot's connection at its hello ({socket.CloseStatus}: {socket.CloseStatusDescription})");
            }

            if (WireCodec.TryDecode(buffer.AsMemory(0, length), buffer.Length, out EdgeToRobot? message) == WireError.None)
            {
                if (message is Welcome)
                {
                    return;
                }

                if (message is Refusal refusal)
                {
                    throw new InvalidOperationException($"the server refused the honest robot's hello: {refusal.Reason}");
                }
            }
        }
    }

    /// <summary>One whole message into <paramref name="buffer"/> (a longer one is cut at its size).</summary>
    private static async Task<(ValueWebSocketReceiveResult Result, int Length)> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellation)
    {
        int total = 0;
        ValueWebSocketReceiveResult r;
        do
        {
            Memory<byte> target = total < buffer.Length ? buffer.AsMemory(total) : new byte[4096];
            r = await socket.ReceiveAsync(target, cancellation).ConfigureAwait(false);
            total = Math.Min(buffer.Length, total + r.Count);
        }
        while (!r.EndOfMessage);

        return (r, total);
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
