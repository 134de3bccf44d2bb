using System.Net;
using System.Net.WebSockets;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>Tokens, robot isolation and malformed input, against a real server on loopback.</summary>
public class SecurityTests
{
    [Fact]
    public async Task UnknownMissingAndRevokedTokensAreRefused()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 2, s => s.Robots[1].Revoked = true);

        Assert.Equal(HttpStatusCode.Unauthorized, await ConnectStatusAsync(site, "not-a-token-of-this-site-at-all"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ConnectStatusAsync(site, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await ConnectStatusAsync(site, EdgeTestSite.TokenOf(1)));
        // The right token gets in: the refusals above are about the tokens, not the endpoint.
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await ConnectStatusAsync(site, EdgeTestSite.TokenOf(0)));

        Assert.Equal(3, site.Server.Statistics.RefusedConnections);
        Assert.Contains(site.Logs.Lines, l => l.Contains("refused: token Unknown", StringComparison.Ordinal));
        Assert.Contains(site.Logs.Lines, l => l.Contains("refused: token Missing", StringComparison.Ordinal));
        Assert.Contains(site.Logs.Lines, l => l.Contains("refused: token Revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARevokedRobotIsDisconnectedAndCannotRejoin()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using ClientWebSocket socket = await RawRobot.ConnectAsync(site, 0);
        await site.Server.RevokeAsync("robot-0");

        var buffer = new byte[1024];
        ValueWebSocketReceiveResult r;
        do
        {
            r = await socket.ReceiveAsync(buffer.AsMemory(), new CancellationTokenSource(5000).Token);
        }
        while (r.MessageType != WebSocketMessageType.Close);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, await ConnectStatusAsync(site, EdgeTestSite.TokenOf(0)));
    }

    [Fact]
    public async Task ARobotCannotSubmitFramesAsAnotherRobot()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 2);
        using ClientWebSocket robot0 = await RawRobot.ConnectAsync(site, 0);
        using ClientWebSocket robot1 = await RawRobot.ConnectAsync(site, 1);

        // Robot 0 sends a well-formed frame that claims to be robot 1's.
        await RawRobot.SendAsync(robot0, RawRobot.Request(site, "robot-1", sequence: 5));
        InferResult answer = await RawRobot.ReceiveAsync<InferResult>(robot0);

        Assert.Equal(RejectReason.Malformed, answer.Rejection);
        Assert.Equal(5, answer.Sequence);
        Assert.Equal(0, site.Server.Statistics.Requests);
        Assert.Contains(site.Logs.Lines, l => l.Contains("robot-0: message refused: request names robot 'robot-1'", StringComparison.Ordinal));

        // Robot 1 heard nothing of it: its next message is the answer to its own ping.
        await RawRobot.SendAsync(robot1, new ClockPing { RobotSendNs = 77 });
        EdgeToRobot next = await RawRobot.ReceiveAsync<EdgeToRobot>(robot1, m => m is not TaskAssignment);
        Assert.Equal(77, Assert.IsType<ClockPong>(next).RobotSendNs);

        // And robot 0's own frames are served, with keypoints.
        await RawRobot.SendAsync(robot0, RawRobot.Request(site, "robot-0", sequence: 6));
        InferResult own = await RawRobot.ReceiveAsync<InferResult>(robot0);
        Assert.Equal(RejectReason.Unspecified, own.Rejection);
        Assert.Equal(3 * site.Card.Keypoints.Length, own.Keypoints!.Length);
    }

    [Fact]
    public async Task OverTenThousandMalformedMessagesDoNotCrashTheServer()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using ClientWebSocket socket = await RawRobot.ConnectAsync(site, 0);
        byte[] valid = WireCodec.Encode(RawRobot.Request(site, "robot-0", sequence: 1));
        byte[] validPing = WireCodec.Encode(new ClockPing { RobotSendNs = 1 });
        var random = new Random(4242); // Fixed seed: the same 10,000 messages every run, so a failure reproduces.

        const int Messages = 11_500;
        int surelyInvalid = 0;
        for (int i = 0; i < Messages; i++)
        {
            (byte[] message, bool invalid) = MalformedMessage(random, i, valid, validPing);
            surelyInvalid += invalid ? 1 : 0;
            await socket.SendAsync(message, i % 97 == 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        // The connection survived and every message was handled in order: a ping is answered after them.
        await RawRobot.SendAsync(socket, new ClockPing { RobotSendNs = 123456 });
        ClockPong pong = await RawRobot.ReceiveAsync<ClockPong>(socket, m => m.RobotSendNs == 123456);
        Assert.Equal(123456, pong.RobotSendNs);

        // Every surely-invalid message was refused and counted; the log says why (rate-limited).
        Assert.True(site.Server.Statistics.MalformedMessages >= surelyInvalid, $"{site.Server.Statistics.MalformedMessages} refused, {surelyInvalid} surely invalid");
        Assert.True(surelyInvalid >= 10_000, $"only {surelyInvalid} of the fuzzed messages are surely invalid");
        Assert.Contains(site.Logs.Lines, l => l.Contains("message refused: BadMagic", StringComparison.Ordinal) || l.Contains("message refused: LengthMismatch", StringComparison.Ordinal));

        // The server still serves: a valid frame from a fresh connection gets its pose.
        using ClientWebSocket fresh = await RawRobot.ConnectAsync(site, 0);
        await RawRobot.SendAsync(fresh, RawRobot.Request(site, "robot-0", sequence: 99));
        InferResult answer = await RawRobot.ReceiveAsync<InferResult>(fresh, m => m.Sequence == 99);
        Assert.Equal(RejectReason.Unspecified, answer.Rejection);
    }

    /// <summary>
    /// One fuzzed message: random bytes, a broken header, a truncated or padded valid message, a
    /// valid header over garbage, or bit flips in a valid message. Returns whether
    /// it can never be valid (bit flips inside the tensor may leave a valid request).
    /// </summary>
    private static (byte[] Message, bool SurelyInvalid) MalformedMessage(Random random, int i, byte[] valid, byte[] validPing)
    {
        if (i % 97 == 0)
        {
            // Sent as a text frame. Valid UTF-8: a text frame that is not fails the WebSocket itself
            // (RFC 6455, 8.1), before any of our code sees it.
            return ("RE: a text frame, not a wire message"u8.ToArray(), true);
        }

        switch (i % 8)
        {
            case 0:
            {
                var bytes = new byte[random.Next(1, 64)];
                random.NextBytes(bytes);
                bytes[0] = (byte)'X';
                return (bytes, true);
            }

            case 1:
                return (validPing[..random.Next(0, validPing.Length - 1)], true);
            case 2:
            {
                byte[] padded = new byte[validPing.Length + random.Next(1, 16)];
                validPing.CopyTo(padded, 0);
                return (padded, true);
            }

            case 3:
            {
                byte[] garbage = new byte[WireCodec.HeaderBytes + random.Next(1, 200)];
                random.NextBytes(garbage);
                validPing.AsSpan(0, 4).CopyTo(garbage);
                BitConverter.TryWriteBytes(garbage.AsSpan(4), (uint)(garbage.Length - WireCodec.HeaderBytes));
                // 0xC1 is the one MessagePack code that is never used.
                garbage[WireCodec.HeaderBytes] = 0xC1;
                return (garbage, true);
            }

            case 4:
            {
                byte[] wrongDirection = (byte[])validPing.Clone();
                wrongDirection[3] = (byte)WireDirection.EdgeToRobot;
                return (wrongDirection, true);
            }

            case 5:
            {
                byte[] flipped = (byte[])valid.Clone();
                int at = random.Next(WireCodec.HeaderBytes, Math.Min(flipped.Length, WireCodec.HeaderBytes + 64));
                flipped[at] ^= (byte)(1 << random.Next(8));
                return (flipped, false);
            }

            case 6:
            {
                // A valid header and message whose request names a tensor of the wrong size.
                var request = new InferRequest { RobotId = "robot-0", Sequence = i, Encoding = TensorEncoding.Uint8Pixel, Tensor = new byte[random.Next(0, 300)] };
                return (WireCodec.Encode(request), true);
            }

            default:
                // (A message over the size limit is not refused and survived: it ends the connection with a 1009 close, see LimitsTests.)
                return (new byte[] { (byte)'R', (byte)'E', 9, 1, 0, 0, 0, 0 }, true);
        }
    }

    private static async Task<HttpStatusCode> ConnectStatusAsync(EdgeTestSite site, string? token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        try
        {
            await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused: the status code says why.
        }

        return socket.HttpStatusCode;
    }
}
