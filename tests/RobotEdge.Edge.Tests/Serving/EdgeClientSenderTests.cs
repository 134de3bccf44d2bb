using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Faults;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// The edge client's one sender: the compute thread hands requests over without waiting for the
/// network or sharing a lock with the client's loops, allocating nothing; the loops run inside a
/// barrier that reports a defect to the rig's fault path, while network failures stay a fallback.
/// </summary>
public class EdgeClientSenderTests
{
    [Fact]
    public async Task Submitting_never_waits_for_a_stuck_send_and_allocates_nothing()
    {
        // A server that welcomes the robot and then never reads again: its receive window fills, and
        // the sender's send blocks (for up to the hour each request allows).
        await using var server = await StuckServer.StartAsync();
        using var client = new EdgeClient(new EdgeClientOptions { Endpoint = server.Endpoint, Token = "stuck-server-token-0123456789" },
            SimulatedRobotRig.LoadOrGenerateCard(RobotConfigLoader.Load(EdgeTestSite.DefaultRobotPath), NullLogger.Instance), 640, 480, NullLogger.Instance);
        client.Start();
        Assert.True(await WaitAsync(() => client.RobotId is not null), "the stuck server's welcome never arrived");

        const long HourNs = 3_600_000_000_000;
        const int Requests = 200;
        long allocated = -1;
        int submitted = 0;
        // The compute thread's side, on a thread of its own: every request is 196 KB, so the socket
        // stops taking them after the first few; Submit must still return at once every time.
        var compute = new Thread(() =>
        {
            Array.Fill(client.TensorBytes, (byte)77);
            long now = MonotonicClock.GetTimestampNs();
            client.Submit(0, now, now, HourNs);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 1; i <= Requests; i++)
            {
                now = MonotonicClock.GetTimestampNs();
                submitted += client.Submit(i, now, now, HourNs) ? 1 : 0;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }) { IsBackground = true, Name = "test-compute" };
        compute.Start();

        // An eventual wait, not a timing: with a lock shared with a blocked send this thread would wait an hour.
        Assert.True(compute.Join(TimeSpan.FromSeconds(30)), "Submit waited for the stuck send");
        Assert.Equal(Requests, submitted);
        Assert.Equal(0, allocated);
        Assert.True(server.BytesBeforeStall > 0);
    }

    [Fact]
    public async Task A_defect_in_a_loop_reaches_the_fault_path_and_the_client_stays_on_board()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        var faults = new RecordingFaults();
        var defect = new InvalidOperationException("health board broke");
        using var client = new EdgeClient(Options(site), site.Card, 640, 480, NullLogger.Instance, faults, _ => throw defect);
        client.Start();

        Assert.True(await WaitAsync(() => !faults.Reports.IsEmpty), "the health source's exception was not reported");
        (string thread, Exception reported) = Assert.Single(faults.Reports);
        Assert.Equal("edge client", thread);
        Assert.Same(defect, reported);
        Assert.True(client.Failed);
        Assert.True(await WaitAsync(() => !client.IsHealthy), "the failed client still offers the edge route");
    }

    [Fact]
    public async Task A_server_that_goes_away_is_a_fallback_not_a_fault()
    {
        EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        var faults = new RecordingFaults();
        int reports = 0;
        using var client = new EdgeClient(Options(site), site.Card, 640, 480, NullLogger.Instance, faults, h =>
        {
            h.RouteOnBoard = 1;
            Interlocked.Increment(ref reports);
        });
        client.Start();
        Assert.True(await WaitAsync(() => client.IsHealthy && client.HealthReportsSent > 0), "never joined, or sent no health report");

        await site.Server.KillAsync();
        await site.DisposeAsync();
        Assert.True(await WaitAsync(() => !client.IsHealthy), "did not notice the server died");
        // Let the supervisor fail to reconnect a few times (backoff 50-400 ms): still no fault.
        int before = Volatile.Read(ref reports);
        await Task.Delay(1000);

        Assert.Empty(faults.Reports);
        Assert.False(client.Failed);
        Assert.Equal(before, Volatile.Read(ref reports));
    }

    private static EdgeClientOptions Options(EdgeTestSite site) => new()
    {
        Endpoint = site.Server.RobotEndpoint,
        Token = EdgeTestSite.TokenOf(0),
        BackoffInitialMs = 50,
        BackoffMaxMs = 400,
        HealthIntervalMs = 20,
    };

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        for (int i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    private sealed class RecordingFaults : IFaultReporter
    {
        public ConcurrentQueue<(string Thread, Exception Exception)> Reports { get; } = new();

        public void ReportFault(string thread, Exception exception) => Reports.Enqueue((thread, exception));
    }

    /// <summary>A WebSocket server (HttpListener on a free loopback port) that welcomes one robot, reads its hello, then stops reading.</summary>
    private sealed class StuckServer : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;
        private WebSocket? _socket;

        private StuckServer(HttpListener listener, Uri endpoint)
        {
            _listener = listener;
            Endpoint = endpoint;
            _serving = ServeAsync();
        }

        public Uri Endpoint { get; }

        /// <summary>Bytes read before the server stopped reading (the hello).</summary>
        public int BytesBeforeStall { get; private set; }

        public static Task<StuckServer> StartAsync()
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            return Task.FromResult(new StuckServer(listener, new Uri($"ws://127.0.0.1:{port}/robot")));
        }

        private async Task ServeAsync()
        {
            HttpListenerContext context = await _listener.GetContextAsync();
            HttpListenerWebSocketContext ws = await context.AcceptWebSocketAsync(subProtocol: null);
            _socket = ws.WebSocket;
            var buffer = new byte[4096];
            WebSocketReceiveResult hello;
            do
            {
                hello = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                BytesBeforeStall += hello.Count;
            }
            while (!hello.EndOfMessage);

            byte[] welcome = WireCodec.Encode(new Welcome { RobotId = "stuck-robot", MaxBatch = 1 });
            await _socket.SendAsync(welcome, WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _serving;
            }
            finally
            {
                _socket?.Abort();
                _listener.Close();
            }
        }
    }
}
