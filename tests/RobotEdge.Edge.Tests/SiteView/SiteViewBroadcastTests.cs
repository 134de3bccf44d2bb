using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving;
using RobotEdge.Edge.Tests.Support;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Edge.Tests.SiteView;

/// <summary>
/// The site view's broadcast and <c>/status</c> under one robot's broken numbers: a signed-in page
/// (a raw WebSocket, no browser) keeps getting the site's rows four times a second after a robot
/// sent a NaN health report, and the status endpoint answers 200.
/// </summary>
public sealed class SiteViewBroadcastTests
{
    private const string Operator = "olga", OperatorToken = "olga-site-token-77";

    [Fact]
    public async Task ARobotsNaNReportNeitherStopsTheBroadcastNorBreaksStatus()
    {
        RobotConfig config = RobotConfigLoader.Load(EdgeTestSite.DefaultRobotPath);
        var site = new SiteFile();
        site.Robots.Add(new RobotEntryConfig { Id = "robot-0", Token = EdgeTestSite.TokenOf(0) });
        var server = await EdgeServer.StartAsync(new EdgeServerOptions
        {
            Url = "http://127.0.0.1:0",
            Card = SimulatedRobotRig.LoadOrGenerateCard(config, NullLogger.Instance),
            Site = site,
            Operators = OperatorDirectory.FromTokens([(Operator, OperatorToken)]),
        }, NullLoggerFactory.Instance);
        try
        {
            using var page = new ClientWebSocket();
            await page.ConnectAsync(new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/site/ws" }.Uri, CancellationToken.None);
            await page.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "hello", name = Operator, token = OperatorToken })),
                WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal("welcome", await NextTypeAsync(page));

            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(0));
            await socket.ConnectAsync(server.RobotEndpoint, CancellationToken.None);
            await RawRobot.SendAsync(socket, new Hello { ModelName = server.Model.Card.Name, FrameWidth = 640, FrameHeight = 480 });
            await RawRobot.ReceiveAsync<Welcome>(socket);
            await RawRobot.SendAsync(socket, new RobotHealth { FramesCommanded = 10, LatencyP50Ms = double.NaN, LatencyP99Ms = double.PositiveInfinity, SafetyMode = "auto" });
            long until = Environment.TickCount64 + 20_000;
            while (server.Health.RefusedReports == 0 && Environment.TickCount64 < until)
            {
                await Task.Delay(20);
            }

            Assert.Equal(1, server.Health.RefusedReports);
            // Broadcasts keep coming after the refused report.
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal("site", await NextTypeAsync(page));
            }

            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "status"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Operator}:{OperatorToken}")));
            using HttpResponseMessage status = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            socket.Abort();
            socket.Dispose();
        }
        finally
        {
            await server.StopAsync(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The type of the page's next message (20 s at most).</summary>
    private static async Task<string> NextTypeAsync(ClientWebSocket page)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[256 * 1024];
        int total = 0;
        ValueWebSocketReceiveResult r;
        do
        {
            r = await page.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
            total += r.Count;
        }
        while (!r.EndOfMessage);

        using JsonDocument message = JsonDocument.Parse(buffer.AsMemory(0, total));
        return message.RootElement.GetProperty("type").GetString()!;
    }
}
