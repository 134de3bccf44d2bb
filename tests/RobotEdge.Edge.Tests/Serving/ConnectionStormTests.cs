using System.Net;
using System.Net.WebSockets;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Serving.Connections;
using RobotEdge.Edge.Tests.Support;
using Xunit.Abstractions;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// One live connection per robot identity, every connection tracked, memory bounded and returned:
/// storms of concurrent upgrades with one robot's token against a real server on loopback, by raw
/// WebSocket clients that speak the wire by hand.
/// </summary>
public sealed class ConnectionStormTests(ITestOutputHelper output)
{
    private const int Storm = 500;

    /// <summary>
    /// Resident memory may grow by at most this much from before the storm to after it, once every
    /// connection has closed and a full collection ran: the server keeps no per-connection buffers
    /// (before the fix, 86 surviving connections held 1 MiB each and RSS stayed 383 MB up).
    /// What remains is the runtime's own growth (thread-pool threads, JIT, heap segments kept).
    /// </summary>
    private const long RssGrowthBoundBytes = 32L << 20;

    [Fact]
    public async Task Five_hundred_concurrent_upgrades_with_one_token_leave_exactly_one_live_connection_and_memory_returns()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 2);

        // A warm-up connection first, so the code paths are compiled before "before" is measured.
        using (ClientWebSocket warm = await RawRobot.ConnectAsync(site, 0))
        {
            await warm.CloseAsync(WebSocketCloseStatus.NormalClosure, "warm", CancellationToken.None);
        }

        await Eventually.HoldsAsync(() => site.Server.TrackedConnections == 0, () => "the warm-up connection did not end");
        long admittedBefore = site.Server.ConnectionStatistics.Admitted;
        long rssBefore = SettledRss();

        // An honest robot beside the storm, on its own token.
        using ClientWebSocket honest = await RawRobot.ConnectAsync(site, 1);

        var peakRss = 0L;
        var peakBuffers = 0L;
        var peakTracked = 0;
        using var sampling = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, ProcessMemory.RssBytes());
                peakBuffers = Math.Max(peakBuffers, site.Server.ReceiveBufferBytes);
                peakTracked = Math.Max(peakTracked, site.Server.TrackedConnections);
                await Task.Delay(10);
            }
        });

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = new StormClient[Storm];
        for (int i = 0; i < Storm; i++)
        {
            clients[i] = new StormClient(site, start.Task);
        }

        start.SetResult();
        await Task.WhenAll(clients.Select(c => c.Connected));
        await Eventually.HoldsAsync(() => clients.Count(c => c.Refused || c.CloseStatus is not null) == Storm - 1 && site.Server.TrackedConnections == 2,
            () => $"{clients.Count(c => c.Refused || c.CloseStatus is not null)} storm clients refused or closed, {site.Server.TrackedConnections} connections tracked");
        await sampling.CancelAsync();
        await sampler;

        // Exactly one of the 500 is live, and it is served; the 499 others were each told why:
        // admitted and then replaced (a 1008 close), or refused (429) while the robot already held
        // its maximum of connections.
        StormClient survivor = Assert.Single(clients, c => !c.Refused && c.CloseStatus is null);
        Assert.All(clients.Where(c => c != survivor), c =>
        {
            if (c.Refused)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, c.Socket.HttpStatusCode);
            }
            else
            {
                Assert.Equal(WebSocketCloseStatus.PolicyViolation, c.CloseStatus);
                Assert.Equal("replaced by a newer connection", c.CloseDescription);
            }
        });
        int admitted = clients.Count(c => !c.Refused);
        Assert.Equal(2, site.Server.LiveConnections);
        Assert.Equal(admitted, site.Server.ConnectionStatistics.Admitted - admittedBefore - 1);
        Assert.Equal(admitted - 1, site.Server.ConnectionStatistics.Replaced);
        Assert.Equal(Storm - admitted, site.Server.ConnectionStatistics.TooManyConnections);
        int maxPerRobot = site.Server.Options.MaxConnectionsPerRobot;
        Assert.True(peakTracked <= maxPerRobot + 1, $"{peakTracked} connections tracked at once, more than {maxPerRobot} of the storm's robot and the honest one");
        await RawRobot.SendAsync(survivor.Socket, new ClockPing { RobotSendNs = 4242 });
        await Eventually.HoldsAsync(() => survivor.Pongs.Contains(4242), () => "the surviving connection did not answer a ping");

        // The honest robot was never disturbed: its connection is the same, and it is served.
        await RawRobot.SendAsync(honest, RawRobot.Request(site, "robot-1", sequence: 7));
        InferResult answer = await RawRobot.ReceiveAsync<InferResult>(honest, r => r.Sequence == 7);
        Assert.Equal(RejectReason.Unspecified, answer.Rejection);

        // Every connection's receive buffer is the initial 4 KiB (hellos and pings only), and at
        // most that many connections exist at once: the storm's buffers were bounded by
        // 4 KiB × (connections per robot + 1), not 1 MiB × 500.
        Assert.True(peakBuffers <= (maxPerRobot + 1L) * ReceiveBuffer.InitialBytes, $"receive buffers peaked at {peakBuffers} bytes");

        // After every connection ended: nothing tracked, no buffer held, memory back.
        foreach (StormClient c in clients)
        {
            c.Dispose();
        }

        honest.Dispose();
        await Eventually.HoldsAsync(() => site.Server.TrackedConnections == 0, () => $"{site.Server.TrackedConnections} connections still tracked");
        Assert.Equal(0, site.Server.LiveConnections);
        Assert.Equal(0, site.Server.ReceiveBufferBytes);
        long rssAfter = SettledRss();
        output.WriteLine($"RSS before the storm {rssBefore / 1e6:F1} MB, peak during it {peakRss / 1e6:F1} MB, after it {rssAfter / 1e6:F1} MB " +
            $"(bound: before + {RssGrowthBoundBytes >> 20} MiB); {admitted} of {Storm} upgrades admitted, {Storm - admitted} refused (429); " +
            $"at most {peakTracked} connections and {peakBuffers / 1024} KiB of receive buffers at once");
        Assert.True(rssAfter - rssBefore <= RssGrowthBoundBytes, $"RSS grew {(rssAfter - rssBefore) / 1e6:F1} MB: {rssBefore / 1e6:F1} → {rssAfter / 1e6:F1} MB");
    }

    [Fact]
    public async Task Revoking_a_robot_during_a_storm_of_its_upgrades_leaves_no_connection_of_it()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        const int Clients = 100;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = new StormClient[Clients];
        for (int i = 0; i < Clients; i++)
        {
            clients[i] = new StormClient(site, start.Task);
        }

        start.SetResult();
        // Revoke once the first is in, while others are still upgrading.
        await Eventually.HoldsAsync(() => site.Server.ConnectionStatistics.Admitted >= 1, () => "no upgrade got through");
        await site.Server.RevokeAsync("robot-0");
        await Task.WhenAll(clients.Select(c => c.Connected));

        // Every client was either refused (401) or closed; none is live, none tracked.
        await Eventually.HoldsAsync(() => clients.All(c => c.Refused || c.CloseStatus is not null) && site.Server.TrackedConnections == 0,
            () => $"{clients.Count(c => !c.Refused && c.CloseStatus is null)} clients still open, {site.Server.TrackedConnections} tracked");
        Assert.Equal(0, site.Server.LiveConnections);
        Assert.Contains(clients, c => c.CloseDescription == "token revoked");
        Assert.All(clients.Where(c => !c.Refused), c => Assert.Equal(WebSocketCloseStatus.PolicyViolation, c.CloseStatus));
        foreach (StormClient c in clients)
        {
            c.Dispose();
        }
    }

    /// <summary>Resident memory after a full, compacting collection that returns free memory to the system.</summary>
    private static long SettledRss()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return ProcessMemory.RssBytes();
    }



    /// <summary>One storm client: upgrades with robot 0's token when the start is given, says hello, and reads until the server closes it (answering the close).</summary>
    private sealed class StormClient : IDisposable
    {
        public StormClient(EdgeTestSite site, Task start)
        {
            Socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(0));
            Socket.Options.CollectHttpResponseDetails = true;
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Connected = connected.Task;
            _ = RunAsync(site, start, connected);
        }

        public ClientWebSocket Socket { get; } = new();

        /// <summary>Completes once the upgrade succeeded or was refused.</summary>
        public Task Connected { get; }

        public bool Refused { get; private set; }

        public WebSocketCloseStatus? CloseStatus { get; private set; }

        public string? CloseDescription { get; private set; }

        /// <summary>The pings the server answered on this connection (their robot send times).</summary>
        public System.Collections.Concurrent.ConcurrentBag<long> Pongs { get; } = [];

        private async Task RunAsync(EdgeTestSite site, Task start, TaskCompletionSource connected)
        {
            await start;
            try
            {
                await Socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                Refused = true;
                connected.SetResult();
                return;
            }

            connected.SetResult();
            try
            {
                await RawRobot.SendAsync(Socket, new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480 });
                var buffer = new byte[4096];
                int total = 0;
                while (true)
                {
                    ValueWebSocketReceiveResult r = await Socket.ReceiveAsync(buffer.AsMemory(total), CancellationToken.None);
                    total += r.Count;
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        CloseDescription = Socket.CloseStatusDescription;
                        CloseStatus = Socket.CloseStatus;
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ok", CancellationToken.None);
                        return;
                    }

                    if (!r.EndOfMessage)
                    {
                        continue; // the server's messages are all far smaller than the buffer
                    }

                    if (WireCodec.TryDecode(buffer.AsMemory(0, total), buffer.Length, out EdgeToRobot? message) == WireError.None && message is ClockPong pong)
                    {
                        Pongs.Add(pong.RobotSendNs);
                    }

                    total = 0;
                }
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Disposed by the test (the survivor), or the server dropped it.
            }
        }

        public void Dispose() => Socket.Dispose();
    }
}
