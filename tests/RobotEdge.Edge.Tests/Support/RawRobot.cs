using System.Net.WebSockets;
using Google.Protobuf;
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
        await SendAsync(socket, new RobotToEdge { Hello = new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 } });
        EdgeToRobot welcome = await ReceiveUntilAsync(socket, m => m.BodyCase == EdgeToRobot.BodyOneofCase.Welcome);
        if (welcome.Welcome.RobotId != $"robot-{robot}")
        {
            throw new InvalidOperationException($"welcomed as {welcome.Welcome.RobotId}");
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
        Tensor = ByteString.CopyFrom(Enumerable.Repeat((byte)128, 3 * site.Card.Input.Width * site.Card.Input.Height).ToArray()),
    };

    public static Task SendAsync(ClientWebSocket socket, RobotToEdge message) =>
        socket.SendAsync(WireCodec.Encode(message, WireDirection.RobotToEdge), WebSocketMessageType.Binary, true, CancellationToken.None);

    public static async Task<EdgeToRobot> ReceiveUntilAsync(ClientWebSocket socket, Func<EdgeToRobot, bool> wanted)
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

            if (WireCodec.TryDecode(buffer.AsSpan(0, total), buffer.Length, out EdgeToRobot? message) != WireError.None)
            {
                throw new InvalidDataException("the server sent a malformed message");
            }

            if (wanted(message!))
            {
                return message!;
            }
        }
    }
}
