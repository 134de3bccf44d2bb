using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Tests.Support;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Models;
using RobotEdge.RobotModel.Config;
using Xunit.Abstractions;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// Shutdown drains: each request the server received gets exactly one answer (a pose, a rejection,
/// or <c>SHUTTING_DOWN</c>), every connection gets a close frame (1001, going away) after its
/// answers, and <c>robotedge edge</c> exits 0 on SIGTERM and on Ctrl+C with its logs written.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-edge-shutdown-").FullName;

    [Fact]
    public async Task Stopping_answers_every_request_it_received_and_then_closes_every_connection_with_1001()
    {
        // First come, first served: every request waits its turn, so many are in flight at the stop.
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 3, policy: "fcfs");
        const int PerRobot = 20;
        var robots = new ClientWebSocket[3];
        for (int r = 0; r < robots.Length; r++)
        {
            robots[r] = await RawRobot.ConnectAsync(site, r);
        }

        for (int seq = 1; seq <= PerRobot; seq++)
        {
            for (int r = 0; r < robots.Length; r++)
            {
                await RawRobot.SendAsync(robots[r], RawRobot.Request(site, $"robot-{r}", seq));
            }
        }

        await Eventually.HoldsAsync(() => site.Server.Statistics.Requests == PerRobot * robots.Length, () => $"{site.Server.Statistics.Requests} requests arrived");
        Task stopping = site.Server.StopAsync(TimeSpan.FromSeconds(10));

        int shuttingDownAnswers = 0;
        foreach (ClientWebSocket robot in robots)
        {
            (List<EdgeToRobot> messages, WebSocketCloseStatus? status, string? description) = await RawRobot.ReceiveUntilCloseAsync(robot, Eventually.Limit);
            List<InferResult> results = messages.OfType<InferResult>().ToList();
            Assert.Equal(Enumerable.Range(1, PerRobot).Select(i => (long)i), results.Select(a => a.Sequence).Order());
            shuttingDownAnswers += results.Count(a => a.Rejection == RejectReason.ShuttingDown);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
            Assert.Equal("server shutting down", description);
        }

        await stopping;
        output.WriteLine($"{shuttingDownAnswers} of {PerRobot * robots.Length} requests answered SHUTTING_DOWN, the rest served or rejected by the scheduler");
        Assert.Equal(shuttingDownAnswers, site.Server.ConnectionStatistics.ShutdownAnswers);
        Assert.Equal(0, site.Server.TrackedConnections);
        foreach (ClientWebSocket robot in robots)
        {
            robot.Dispose();
        }
    }

    [Fact]
    public async Task Once_the_shutdown_begins_requests_are_answered_SHUTTING_DOWN_and_no_robot_is_admitted()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 2);
        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);
        site.Server.StopAdmitting();

        await RawRobot.SendAsync(robot, RawRobot.Request(site, "robot-0", sequence: 3));
        InferResult answer = await RawRobot.ReceiveAsync<InferResult>(robot, r => r.Sequence == 3);
        Assert.Equal(RejectReason.ShuttingDown, answer.Rejection);
        Assert.Equal("the server is shutting down", answer.Detail);
        Assert.Equal(0, site.Server.Statistics.Requests);
        Assert.Equal(1, site.Server.ConnectionStatistics.ShutdownAnswers);

        using var late = new ClientWebSocket();
        late.Options.CollectHttpResponseDetails = true;
        late.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(1));
        await Assert.ThrowsAsync<WebSocketException>(() => late.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, late.HttpStatusCode);

        Task stopping = site.Server.StopAsync(TimeSpan.FromSeconds(10));
        (_, WebSocketCloseStatus? status, _) = await RawRobot.ReceiveUntilCloseAsync(robot, Eventually.Limit);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        await stopping;
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGINT")]
    public async Task The_edge_command_drains_closes_every_connection_and_exits_0_on(string signal)
    {
        RobotConfig config = RobotConfigLoader.Load(EdgeTestSite.DefaultRobotPath);
        ModelCard card = SimulatedRobotRig.LoadOrGenerateCard(config, NullLogger.Instance);
        var site = new SiteFile();
        for (int i = 0; i < 2; i++)
        {
            site.Robots.Add(new RobotEntryConfig { Id = $"robot-{i}", Token = EdgeTestSite.TokenOf(i), XM = i, YM = 0 });
        }

        string sitePath = Path.Combine(_folder, "site.json");
        site.Save(sitePath);
        using var edge = new EdgeProcess(_folder, "--urls", "http://127.0.0.1:0", "--robots", sitePath, "--robot", EdgeTestSite.DefaultRobotPath);
        Uri? address = edge.WaitForAddress(TimeSpan.FromSeconds(90));
        Assert.True(address is not null, edge.Output);
        var endpoint = new Uri($"ws://{address!.Authority}/robot");

        const int PerRobot = 10;
        var robots = new ClientWebSocket[2];
        for (int r = 0; r < robots.Length; r++)
        {
            robots[r] = await RawRobot.ConnectAsync(endpoint, EdgeTestSite.TokenOf(r), card.Name, $"robot-{r}");
            for (int seq = 1; seq <= PerRobot; seq++)
            {
                await RawRobot.SendAsync(robots[r], new InferRequest
                {
                    RobotId = $"robot-{r}", Sequence = seq, DeadlineEdgeNs = Bus.Clocks.MonotonicClock.GetTimestampNs() + 20_000_000_000, Encoding = TensorEncoding.Uint8Pixel,
                    Tensor = Enumerable.Repeat((byte)128, 3 * card.Input.Width * card.Input.Height).ToArray(),
                });
            }
        }

        // Every request has reached the server before the signal.
        using var http = new HttpClient { BaseAddress = address };
        await Eventually.HoldsAsync(() => RequestsReceived(http) == PerRobot * robots.Length, () => $"status: {http.GetStringAsync("/status").Result}");

        edge.Signal(signal);
        foreach (ClientWebSocket robot in robots)
        {
            (List<EdgeToRobot> messages, WebSocketCloseStatus? status, _) = await RawRobot.ReceiveUntilCloseAsync(robot, Eventually.Limit);
            Assert.Equal(Enumerable.Range(1, PerRobot).Select(i => (long)i), messages.OfType<InferResult>().Select(a => a.Sequence).Order());
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
            robot.Dispose();
        }

        Assert.True(edge.WaitForExit(Eventually.Limit), $"no exit after {signal}: {edge.Output}");
        output.WriteLine(edge.Output);
        Assert.Equal(0, edge.ExitCode);
        // The logs were flushed: the server's last line and the command's summary are there.
        Assert.Contains("Shut down: 2 connections closed", edge.Output);
        Assert.Contains($"of {PerRobot * robots.Length} requests", edge.Output);
    }

    private static long RequestsReceived(HttpClient http)
    {
        using JsonDocument status = JsonDocument.Parse(http.GetStringAsync("/status").GetAwaiter().GetResult());
        return status.RootElement.GetProperty("counters").GetProperty("requests").GetInt64();
    }


    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
