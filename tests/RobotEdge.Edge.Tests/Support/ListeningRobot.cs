using System.Collections.Concurrent;
using System.Net.WebSockets;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>
/// A robot written against the wire alone (a raw WebSocket and <see cref="WireCodec"/>, not the
/// robot's <c>EdgeClient</c>) that sends whatever a test asks for and reads every answer on its own
/// task, counting them by rejection reason, so a test can send at its own pace and check the
/// totals.
/// </summary>
internal sealed class ListeningRobot : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<RejectReason, int> _answers = new();
    private readonly byte[] _tensor;
    private Task _receiver = Task.CompletedTask;
    private int _poses;

    private ListeningRobot(ClientWebSocket socket, string robotId, int tensorLength)
    {
        _socket = socket;
        RobotId = robotId;
        _tensor = new byte[tensorLength];
        Array.Fill(_tensor, (byte)128);
    }

    /// <summary>The robot's id ("robot-i").</summary>
    public string RobotId { get; }

    /// <summary>Answers carrying a pose.</summary>
    public int Poses => Volatile.Read(ref _poses);

    /// <summary>Every answer received so far.</summary>
    public int Answers => _answers.Values.Sum();

    /// <summary>Requests sent so far.</summary>
    public int Sent { get; private set; }

    /// <summary>Answers refused for <paramref name="reason"/> (<see cref="RejectReason.Unspecified"/>: poses and failed runs).</summary>
    public int Refused(RejectReason reason) => _answers.GetValueOrDefault(reason);

    /// <summary>Connects as robot <paramref name="robot"/>, says hello (declaring <paramref name="frameRateHz"/>; 0: none) and waits for the welcome.</summary>
    public static async Task<ListeningRobot> ConnectAsync(EdgeTestSite site, int robot, double frameRateHz = 0)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(robot));
        await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);
        await socket.SendAsync(WireCodec.Encode(new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480, FrameRateHz = frameRateHz }),
            WebSocketMessageType.Binary, true, CancellationToken.None);
        await RawRobot.ReceiveAsync<Welcome>(socket);
        var listening = new ListeningRobot(socket, $"robot-{robot}", 3 * site.Card.Input.Width * site.Card.Input.Height);
        listening._receiver = Task.Run(listening.ReceiveLoopAsync);
        return listening;
    }

    /// <summary>Sends a valid request (a mid-grey tensor) whose deadline is <paramref name="deadlineInNs"/> from now on the shared monotonic clock (negative: already past).</summary>
    public Task SendRequestAsync(long sequence, long deadlineInNs) => SendAsync(new InferRequest
    {
        RobotId = RobotId,
        Sequence = sequence,
        CaptureRobotNs = MonotonicClock.GetTimestampNs(),
        DeadlineEdgeNs = MonotonicClock.GetTimestampNs() + deadlineInNs,
        Encoding = TensorEncoding.Uint8Pixel,
        Tensor = _tensor,
    }, isRequest: true);

    /// <summary>Sends any message (one sender at a time).</summary>
    public Task SendAsync(RobotToEdge message) => SendAsync(message, isRequest: message is InferRequest);

    /// <summary>Polls until <paramref name="answers"/> answers have arrived or <paramref name="timeout"/> passed; whether they did.</summary>
    public async Task<bool> WaitForAnswersAsync(int answers, TimeSpan timeout)
    {
        long until = MonotonicClock.GetTimestampNs() + (long)timeout.TotalMilliseconds * 1_000_000;
        while (Answers < answers && MonotonicClock.GetTimestampNs() < until)
        {
            await Task.Delay(20);
        }

        return Answers >= answers;
    }

    private async Task SendAsync(RobotToEdge message, bool isRequest)
    {
        byte[] wire = WireCodec.Encode(message);
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(wire, WebSocketMessageType.Binary, true, CancellationToken.None);
            if (isRequest)
            {
                Sent++;
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int total = 0;
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await _socket.ReceiveAsync(buffer.AsMemory(total), _stop.Token);
                    total += r.Count;
                }
                while (!r.EndOfMessage);

                if (r.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (WireCodec.TryDecode(buffer.AsMemory(0, total), buffer.Length, out EdgeToRobot? message) == WireError.None && message is InferResult result)
                {
                    if (result.Rejection == RejectReason.Unspecified && result.Keypoints is { Length: > 0 })
                    {
                        Interlocked.Increment(ref _poses);
                    }

                    _answers.AddOrUpdate(result.Rejection, 1, (_, n) => n + 1);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The test is over, or the server closed the connection.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _receiver;
        _socket.Abort();
        _socket.Dispose();
        _sendGate.Dispose();
        _stop.Dispose();
    }
}
