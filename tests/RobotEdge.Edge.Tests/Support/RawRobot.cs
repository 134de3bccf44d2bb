using System.Net.WebSockets;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>A bare WebSocket robot that speaks the wire protocol by hand, to send what a real robot never would.</summary>
internal static class RawRobot
{
    public static async Task<ClientWebSocket> ConnectAsync(EdgeTestSite site, int robot)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(robot));
        await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);
        await SendAsync(socket, new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 });
        Welcome welcome = await ReceiveAsync<Welcome>(socket);
        if (welcome.RobotId != $"robot-{robot}")
        {
            throw new InvalidOperationException($"welcomed as {welcome.RobotId}");
        }

        return socket;
    }

    /// <summary>A valid request (a mid-grey tensor) with a deadline a second away.</summary>
    public static InferRequest Request(EdgeTestSite site, string robotId, long sequence) => new()
    {
        RobotId = robotId,
        Sequence = sequence,
        DeadlineEdgeNs = Bus.Clocks.MonotonicClock.GetTimestampNs() + 1_000_000_000,
        Encoding = TensorEncoding.Uint8Pixel,
        Tensor = Enumerable.Repeat((byte)128, 3 * site.Card.Input.Width * site.Card.Input.Height).ToArray(),
    };

    public static Task SendAsync(ClientWebSocket socket, RobotToEdge message) =>
        socket.SendAsync(WireCodec.Encode(message), WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Receives until a message of type <typeparamref name="T"/> that <paramref name="wanted"/> accepts (any, when null) arrives.</summary>
    public static async Task<T> ReceiveAsync<T>(ClientWebSocket socket, Func<T, bool>? wanted = null)
        where T : EdgeToRobot
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int total = 0;
            ValueWebSocketReceiveResult r;
            do
            {
                r = await socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
                total += r.Count;
            }
            while (!r.EndOfMessage);

            if (WireCodec.TryDecode(buffer.AsMemory(0, total), buffer.Length, out EdgeToRobot? message) != WireError.None)
            {
                throw new InvalidDataException("the server sent a malformed message");
            }

            if (message is T m && (wanted is null || wanted(m)))
            {
                return m;
            }
        }
    }
}
