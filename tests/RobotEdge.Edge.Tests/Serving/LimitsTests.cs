using System.Net;
using System.Net.WebSockets;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// The limits a robot's connection lives within, each against a real server on loopback by a
/// client that speaks the wire (and RFC 6455) by hand: hello and idle timeouts, a trickled frame,
/// the message size limit with its 1009 close, the send-queue bound, the refusal delivered before
/// the close, RFC 6750 challenges and a case-insensitive scheme, robot strings sanitised in the
/// log, and non-finite tensors refused.
/// </summary>
public sealed class LimitsTests
{

    [Fact]
    public async Task A_robot_that_never_says_hello_is_refused_and_closed_at_the_hello_timeout()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1, options: o => o with { HelloTimeoutMs = 300 });
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(0));
        await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);

        (List<EdgeToRobot> messages, WebSocketCloseStatus? status, string? description) = await RawRobot.ReceiveUntilCloseAsync(socket, Eventually.Limit);
        Assert.Equal("no valid hello within 300 ms of the upgrade", Assert.IsType<Refusal>(Assert.Single(messages)).Reason);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("no hello in time", description);
        Assert.Equal(1, site.Server.ConnectionStatistics.HelloTimeouts);
    }

    [Fact]
    public async Task A_silent_robot_is_closed_at_the_idle_timeout()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1, options: o => o with { IdleTimeoutMs = 500 });
        using ClientWebSocket socket = await RawRobot.ConnectAsync(site, 0);

        (_, WebSocketCloseStatus? status, string? description) = await RawRobot.ReceiveUntilCloseAsync(socket, Eventually.Limit);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("no complete message for 500 ms", description);
        Assert.Equal(1, site.Server.ConnectionStatistics.IdleTimeouts);
        await Eventually.HoldsAsync(() => site.Server.TrackedConnections == 0, () => $"{site.Server.TrackedConnections} connections tracked");
    }

    [Fact]
    public async Task A_frame_trickled_a_byte_at_a_time_is_closed_at_the_idle_timeout_and_then_dropped()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1, options: o => o with { IdleTimeoutMs = 500, CloseTimeoutMs = 500 });
        using RawWebSocket socket = await UpgradeAsync(site, "Bearer " + EdgeTestSite.TokenOf(0));
        await socket.SendAsync(RawWebSocket.Frame(RawWebSocket.Binary, WireCodec.Encode(new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 })));

        using var stop = new CancellationTokenSource();
        Task<int?> close = socket.ReadUntilCloseAsync(new CancellationTokenSource(Eventually.Limit).Token);
        await socket.SendAsync(RawWebSocket.FrameHeader(RawWebSocket.Binary, 1000));
        Task trickle = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await socket.SendAsync(new byte[] { 0x42 }, stop.Token);
                    await Task.Delay(100, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Dropped by the server, or stopped by the test.
            }
        });

        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, await close);
        // A robot mid-frame cannot answer the close: after the close timeout the server drops it.
        Assert.True(await socket.EndsWithinAsync(Eventually.Limit), "the server kept the trickling connection open");
        await stop.CancelAsync();
        await trickle;
        Assert.Equal(1, site.Server.ConnectionStatistics.IdleTimeouts);
        await Eventually.HoldsAsync(() => site.Server.TrackedConnections == 0, () => $"{site.Server.TrackedConnections} connections tracked");
        Assert.Equal(1, site.Server.ConnectionStatistics.AbortedAfterClose);
    }

    [Theory]
    [InlineData(1UL << 30)]
    [InlineData(1UL << 62)]
    public async Task A_frame_declaring_more_than_the_limit_gets_a_1009_close_and_the_connection_ends(ulong declaredBytes)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1, options: o => o with { CloseTimeoutMs = 500 });
        using RawWebSocket socket = await UpgradeAsync(site, "Bearer " + EdgeTestSite.TokenOf(0));
        await socket.SendAsync(RawWebSocket.Frame(RawWebSocket.Binary, WireCodec.Encode(new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 })));

        Task<int?> close = socket.ReadUntilCloseAsync(new CancellationTokenSource(Eventually.Limit).Token);
        await socket.SendAsync(RawWebSocket.FrameHeader(RawWebSocket.Binary, declaredBytes));
        var chunk = new byte[64 * 1024];
        long sent = 0;
        try
        {
            while (!close.IsCompleted)
            {
                await socket.SendAsync(chunk);
                sent += chunk.Length;
            }
        }
        catch (IOException)
        {
            // The server dropped the connection once its close timeout passed.
        }

        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, await close);
        Assert.True(await socket.EndsWithinAsync(Eventually.Limit), "the server kept reading the oversized frame");
        Assert.True(sent >= site.Server.ReceiveLimitBytes, $"closed after {sent} bytes, before the limit of {site.Server.ReceiveLimitBytes}");
        Assert.Equal(1, site.Server.ConnectionStatistics.TooLarge);
        await Eventually.HoldsAsync(() => site.Server.TrackedConnections == 0, () => $"{site.Server.TrackedConnections} connections tracked");
        Assert.Equal(0, site.Server.ReceiveBufferBytes);
    }

    [Fact]
    public async Task A_robot_that_does_not_read_fills_only_its_own_bounded_send_queue()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 2, options: o => o with { SendQueueCapacity = 4 });
        // A small receive window, never read: the server's answers pile up in its send path.
        using RawWebSocket stuck = await UpgradeAsync(site, "Bearer " + EdgeTestSite.TokenOf(0), receiveBufferBytes: 4096);
        await stuck.SendAsync(RawWebSocket.Frame(RawWebSocket.Binary, WireCodec.Encode(new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 })));
        byte[] ping = RawWebSocket.Frame(RawWebSocket.Binary, WireCodec.Encode(new ClockPing { RobotSendNs = 1 }));
        const int Pings = 20_000;
        var burst = new byte[ping.Length * Pings];
        for (int i = 0; i < Pings; i++)
        {
            ping.CopyTo(burst, i * ping.Length);
        }

        DateTime until = DateTime.UtcNow + Eventually.Limit;
        while (site.Server.Statistics.DroppedSends == 0)
        {
            Assert.True(DateTime.UtcNow < until, "no answer was ever dropped: the send queue is not bounded");
            await stuck.SendAsync(burst);
        }

        // The robot beside it is served as usual.
        using ClientWebSocket honest = await RawRobot.ConnectAsync(site, 1);
        await RawRobot.SendAsync(honest, RawRobot.Request(site, "robot-1", sequence: 11));
        Assert.Equal(RejectReason.Unspecified, (await RawRobot.ReceiveAsync<InferResult>(honest, r => r.Sequence == 11)).Rejection);
    }

    [Fact]
    public async Task A_refused_hello_delivers_its_refusal_before_the_close_every_time()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        for (int i = 0; i < 50; i++)
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(0));
            await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);
            await RawRobot.SendAsync(socket, new Hello { ModelName = "not-the-model", FrameWidth = 640, FrameHeight = 480 });

            (List<EdgeToRobot> messages, WebSocketCloseStatus? status, _) = await RawRobot.ReceiveUntilCloseAsync(socket, Eventually.Limit);
            Refusal refusal = Assert.IsType<Refusal>(Assert.Single(messages));
            Assert.Equal($"this server serves model '{site.Card.Name}', the robot runs 'not-the-model'", refusal.Reason);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        }
    }

    [Theory]
    [InlineData(null, "Bearer realm=\"robotedge\"")]
    [InlineData("Basic cm9ib3Q6dG9rZW4=", "Bearer realm=\"robotedge\"")]
    [InlineData("Bearer not-a-token-of-this-site", "Bearer realm=\"robotedge\", error=\"invalid_token\", error_description=\"the token is not valid on this site\"")]
    public async Task A_refused_upgrade_carries_an_RFC_6750_challenge(string? authorization, string challenge)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        RawWebSocket.Upgrade upgrade = await RawWebSocket.ConnectAsync(site.Server.RobotEndpoint, authorization);
        Assert.Equal(401, upgrade.Status);
        Assert.Contains($"\r\nWWW-Authenticate: {challenge}\r\n", upgrade.Headers, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("bearer ")]
    [InlineData("BEARER ")]
    [InlineData("BeArEr \t ")]
    public async Task The_bearer_scheme_is_matched_case_insensitively(string scheme)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        RawWebSocket.Upgrade upgrade = await RawWebSocket.ConnectAsync(site.Server.RobotEndpoint, scheme + EdgeTestSite.TokenOf(0));
        upgrade.Socket?.Dispose();
        Assert.Equal(101, upgrade.Status);
    }

    [Fact]
    public async Task Robot_strings_reach_the_log_with_control_characters_escaped()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        const string ForgedId = "robot-0\u001b[2J\0\r\nWarning: forged line\u202e";
        const string ForgedModel = "model\u001b]0;title\u0007";
        foreach (Hello hello in new[]
        {
            new Hello { RobotId = ForgedId, ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 },
            new Hello { ModelName = ForgedModel, FrameWidth = 640, FrameHeight = 480 },
        })
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(0));
            await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);
            await RawRobot.SendAsync(socket, hello);
            (List<EdgeToRobot> messages, _, _) = await RawRobot.ReceiveUntilCloseAsync(socket, Eventually.Limit);
            Assert.IsType<Refusal>(Assert.Single(messages));
        }

        Assert.Contains(site.Logs.Lines, l => l.Contains(@"hello names 'robot-0\u001b[2J\u0000\u000d\u000aWarning: forged line\u202e'", StringComparison.Ordinal));
        Assert.Contains(site.Logs.Lines, l => l.Contains(@"the robot runs 'model\u001b]0;title\u0007'", StringComparison.Ordinal));
        Assert.DoesNotContain(site.Logs.Lines.Where(l => l.Contains("hello refused", StringComparison.Ordinal)), l => l.Any(c => char.IsControl(c) || c == '\u202e'));
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Inf")]
    [InlineData(float.NegativeInfinity, "-Inf")]
    public async Task A_tensor_with_a_non_finite_value_is_refused_counted_and_the_status_stays_up(float odd, string name)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using ClientWebSocket socket = await RawRobot.ConnectAsync(site, 0);
        const int At = 1234;

        await RawRobot.SendAsync(socket, RawRobot.Float32Request(site, "robot-0", sequence: 1, fill: 0.25f, At, odd));
        InferResult refused = await RawRobot.ReceiveAsync<InferResult>(socket, r => r.Sequence == 1);
        Assert.Equal(RejectReason.Malformed, refused.Rejection);
        Assert.Equal($"tensor value {At} is {name}; every value must be finite", refused.Detail);
        Assert.Empty(refused.Keypoints ?? []);
        Assert.Equal(1, site.Server.ConnectionStatistics.NonFiniteTensors);
        Assert.Equal(1, site.Server.Statistics.RejectedInvalid);
        Assert.Equal(0, site.Server.Statistics.Requests);

        using var http = new HttpClient { BaseAddress = site.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/status")).StatusCode);

        // The same tensor with the value finite is served: the check refuses the value, not float32.
        await RawRobot.SendAsync(socket, RawRobot.Float32Request(site, "robot-0", sequence: 2, fill: 0.25f, At, 0.25f));
        InferResult served = await RawRobot.ReceiveAsync<InferResult>(socket, r => r.Sequence == 2);
        Assert.Equal(RejectReason.Unspecified, served.Rejection);
        Assert.Equal(3 * site.Card.Keypoints.Length, served.Keypoints!.Length);
        Assert.Equal(1, site.Server.ConnectionStatistics.NonFiniteTensors);
    }

    private static async Task<RawWebSocket> UpgradeAsync(EdgeTestSite site, string authorization, int receiveBufferBytes = 0)
    {
        RawWebSocket.Upgrade upgrade = await RawWebSocket.ConnectAsync(site.Server.RobotEndpoint, authorization, receiveBufferBytes);
        Assert.Equal(101, upgrade.Status);
        return upgrade.Socket!;
    }

}
