using System.Net.WebSockets;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>A bare WebSocket robot that speaks the wire protocol by hand, to send what a real robot never would.</summary>
internal static class RawRobot
{
    public static Task<ClientWebSocket> ConnectAsync(EdgeTestSite site, int robot) =>
        ConnectAsync(site.Server.RobotEndpoint, EdgeTestSite.TokenOf(robot), site.Card.Name, $"robot-{robot}");

    /// <summary>Upgrades with <paramref name="token"/>, says hello for <paramref name="modelName"/>, and checks the welcome names <paramref name="robotId"/>.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri endpoint, string token, string modelName, string robotId)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(endpoint, CancellationToken.None);
        await SendAsync(socket, new Hello { ModelName = modelName, FrameWidth = 640, FrameHeight = 480 });
        Welcome welcome = await ReceiveAsync<Welcome>(socket);
        if (welcome.RobotId != robotId)
        {
            throw new InvalidOperationException($"welcomed as {welcome.RobotId}");
        }

        return socket;
    }

    /// <summary>A valid request whose tensor is float32, every value <paramref name="fill"/> but the one at <paramref name="index"/>, which is <paramref name="odd"/>.</summary>
    public static InferRequest Float32Request(EdgeTestSite site, string robotId, long sequence, float fill, int index, float odd)
    {
        var values = new float[3 * site.Card.Input.Width * site.Card.Input.Height];
        Array.Fill(values, fill);
        values[index] = odd;
        var tensor = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(tensor.AsSpan(i * sizeof(float)), values[i]);
        }

        return new InferRequest
        {
            RobotId = robotId,
            Sequence = sequence,
            DeadlineEdgeNs = Bus.Clocks.MonotonicClock.GetTimestampNs() + 1_000_000_000,
            Encoding = TensorEncoding.Float32,
            Tensor = tensor,
        };
    }

    /// <summary>Every message until the server's close frame (within <paramref name="timeout"/>), and that close's status and description.</summary>
    public static async Task<(List<EdgeToRobot> Messages, WebSocketCloseStatus? Status, string? Description)> ReceiveUntilCloseAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var messages = new List<EdgeToRobot>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int total = 0;
            ValueWebSocketReceiveResult r;
            do
            {
                r = await socket.ReceiveAsync(buffer.AsMemory(total), cancel.Token);
                total += r.Count;
            }
            while (!r.EndOfMessage);

            if (r.MessageType == WebSocketMessageType.Close)
            {
                return (messages, socket.CloseStatus, socket.CloseStatusDescription);
            }

            if (WireCodec.TryDecode(buffer.AsMemory(0, total), buffer.Length, out EdgeToRobot? message) != WireError.None)
            {
                throw new InvalidDataException("the server sent a malformed message");
            }

            messages.Add(message!);
        }
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
