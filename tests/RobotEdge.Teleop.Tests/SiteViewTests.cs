using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// The site view of the edge server in Debian's Chromium: a real edge server on a free loopback
/// port, three whole simulated robots joined with their tokens and running in real time, and the
/// robots' own statistics as the ground truth of what the page shows.
/// </summary>
public sealed class SiteViewTests : IAsyncLifetime
{
    private const int Robots = 3;
    private const int Frames = 150;
    private const string Alice = "alice", AliceToken = "alice-site-4b1e";

    private readonly List<SimulatedRobotRig> _rigs = [];
    private EdgeServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private string Url => _server.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        RobotConfig config = LoadRobot();
        var site = new SiteFile();
        for (int i = 0; i < Robots; i++)
        {
            site.Robots.Add(new RobotEntryConfig { Id = $"robot-{i}", Token = TokenOf(i), XM = i, YM = 0 });
        }

        site.Tasks.Add(new Edge.Registry.SiteTaskConfig { Id = "inspect-shelf-1", XM = 0.2, YM = 1, Description = "inspect shelf 1" });
        site.Validate("test");
        _server = await EdgeServer.StartAsync(new EdgeServerOptions
        {
            Url = "http://127.0.0.1:0",
            Card = SimulatedRobotRig.LoadOrGenerateCard(config, NullLogger.Instance),
            Site = site,
            Operators = OperatorDirectory.FromTokens([(Alice, AliceToken)]),
        }, NullLoggerFactory.Instance);

        for (int i = 0; i < Robots; i++)
        {
            var edge = new EdgeClientOptions { Endpoint = _server.RobotEndpoint, Token = TokenOf(i), BackoffInitialMs = 50, BackoffMaxMs = 400, HealthIntervalMs = 100 };
            _rigs.Add(SimulatedRobotRig.Build(LoadRobot(), realTime: true, NullLoggerFactory.Instance, edge));
        }

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ConsoleFixture.ChromiumArgs,
            Headless = true,
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        foreach (SimulatedRobotRig rig in _rigs)
        {
            rig.Dispose();
        }

        await _server.StopAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SiteViewShowsEveryRobotWithItsOwnCountsAndNothingToAnonymousVisitors()
    {
        Assert.All(_rigs, r => Assert.True(r.WaitForEdge(TimeSpan.FromSeconds(10)), "robot did not join the edge server"));

        // Anonymous: the page shows the sign-in form only; the WebSocket closes without a message;
        // /status answers 401 without an operator's credentials.
        IPage anonymous = await (await _browser.NewContextAsync()).NewPageAsync();
        await anonymous.GotoAsync(Url);
        var outcome = await anonymous.EvaluateAsync<JsonElement>("""
            () => new Promise((resolve) => {
              const ws = new WebSocket('ws://' + location.host + '/site/ws');
              let received = 0;
              ws.onmessage = () => received++;
              ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', name: 'alice', token: 'wrong' }));
              ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, received });
            })
            """);
        Assert.Equal(1008, outcome.GetProperty("code").GetInt32());
        Assert.Equal(0, outcome.GetProperty("received").GetInt32());
        Assert.True(await anonymous.IsHiddenAsync("#site"));
        Assert.Equal(0, await anonymous.Locator("#robots tbody tr").CountAsync());
        Assert.Null(await anonymous.EvaluateAsync<string?>("() => window.siteView.robots && 'robots'"));
        int statusCode = await anonymous.EvaluateAsync<int>("() => fetch('/status').then(r => r.status)");
        Assert.Equal(401, statusCode);
        int operatorStatus = await anonymous.EvaluateAsync<int>(
            $"() => fetch('/status', {{ headers: {{ Authorization: 'Basic ' + btoa('{Alice}:{AliceToken}') }} }}).then(r => r.status)");
        Assert.Equal(200, operatorStatus);

        // A wrong token through the form is refused too.
        await anonymous.FillAsync("#signin-name", Alice);
        await anonymous.FillAsync("#signin-token", "not-the-token");
        await anonymous.ClickAsync("#signin-button");
        await anonymous.WaitForFunctionAsync("() => document.getElementById('signin-error').textContent.length > 0");
        Assert.Contains("unknown operator or token", await anonymous.TextContentAsync("#signin-error"));
        Assert.True(await anonymous.IsHiddenAsync("#site"));

        // Signed in: every robot of the site appears by id.
        IPage page = await SignInAsync();
        for (int i = 0; i < Robots; i++)
        {
            await page.WaitForSelectorAsync($"#robots tr[data-robot='robot-{i}'][data-state='healthy']");
        }

        RunReport[] reports = RunTogether(_rigs, Frames);

        // The page shows exactly what each robot counted: deadline hits and misses of its run and
        // where each frame's pose came from.
        for (int i = 0; i < Robots; i++)
        {
            OffloadCounters c = _rigs[i].Offload!.Counters;
            long edge = c.EdgeServed + c.FallbackRejected + c.FallbackTimeout + c.FallbackDisconnected;
            long hedged = c.HedgedEdgeWins + c.HedgedOnBoardWins;
            long hits = reports[i].FramesCommanded - reports[i].Misses;
            // Three real-time robots, a server and Chromium share 2 cores here: a robot may drop some
            // stale frames (counted, never queued). What matters is that the page shows its counts.
            Assert.True(reports[i].FramesCommanded >= Frames / 2, $"robot {i}: only {reports[i].FramesCommanded} frames commanded");
            Assert.True(edge + hedged > 0, $"robot {i}: nothing was offloaded");
            string row = $"#robots tr[data-robot='robot-{i}']";
            try
            {
                await page.WaitForFunctionAsync(
                    "([id, commanded, misses, onBoard, edge, hedged]) => { const r = (window.siteView.robots || []).find(x => x.id === id);" +
                    " return r && r.framesCommanded === commanded && r.deadlineMisses === misses && r.routeOnBoard === onBoard && r.routeEdge === edge && r.routeHedged === hedged; }",
                    new object[] { $"robot-{i}", reports[i].FramesCommanded, reports[i].Misses, c.OnBoard, edge, hedged },
                    new PageWaitForFunctionOptions { Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                Assert.Fail($"robot {i}: the page shows {await page.EvaluateAsync<string>($"() => JSON.stringify(window.siteView.robots.find(x => x.id === 'robot-{i}'))")}, " +
                            $"the robot counted {reports[i].FramesCommanded} commanded, {reports[i].Misses} misses, routes {c.OnBoard}/{edge}/{hedged}");
            }

            Assert.Equal($"{hits} of {reports[i].FramesCommanded}", await page.TextContentAsync(row + " .c-hits"));
            Assert.Equal($"{c.OnBoard} / {edge} / {hedged}", await page.TextContentAsync(row + " .c-routes"));
            double hitRate = 100.0 * hits / reports[i].FramesCommanded;
            Assert.Equal(hitRate.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " %", await page.TextContentAsync(row + " .c-rate"));
            Assert.Equal("auto", await page.TextContentAsync(row + " .c-mode"));
        }

        // The site task went to the nearest idle robot and the page says so.
        await page.WaitForFunctionAsync("() => (window.siteView.robots || []).some(r => r.taskId === 'inspect-shelf-1')");

        // A robot that stops shows as disconnected; the others stay connected.
        _rigs[Robots - 1].Dispose();
        _rigs.RemoveAt(Robots - 1);
        await page.WaitForSelectorAsync($"#robots tr[data-robot='robot-{Robots - 1}'][data-state='disconnected']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        Assert.False(await page.EvaluateAsync<bool>($"() => window.siteView.robots.find(x => x.id === 'robot-{Robots - 1}').connected"));
        for (int i = 0; i < Robots - 1; i++)
        {
            Assert.True(await page.EvaluateAsync<bool>($"() => window.siteView.robots.find(x => x.id === 'robot-{i}').connected"), $"robot {i} lost");
        }

        // The page fits a 1280 px screen: nothing scrolls sideways.
        double innerWidth = await page.EvaluateAsync<double>("() => window.innerWidth");
        double scrollWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
        Assert.Equal(1280, innerWidth);
        Assert.True(scrollWidth <= innerWidth, $"the site view is {scrollWidth} px wide in a {innerWidth} px window");

        string artifacts = Path.Combine(ConsoleFixture.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "site-view.png"), FullPage = true });
    }

    private async Task<IPage> SignInAsync()
    {
        IBrowserContext context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 420 } });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(Url);
        await page.FillAsync("#signin-name", Alice);
        await page.FillAsync("#signin-token", AliceToken);
        await page.ClickAsync("#signin-button");
        await page.WaitForSelectorAsync("#site", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        Assert.Contains(Alice, await page.TextContentAsync("#operator"));
        return page;
    }

    private static RobotConfig LoadRobot() => RobotConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt"));

    private static string TokenOf(int i) => $"site-view-token-{i:D2}-0123456789";

    /// <summary>Runs every rig's loop at the same time, as robots of one site do.</summary>
    private static RunReport[] RunTogether(List<SimulatedRobotRig> rigs, int frames)
    {
        var reports = new RunReport[rigs.Count];
        Thread[] threads = rigs.Select((rig, i) => new Thread(() => reports[i] = SimCommand.Run(rig, frames, realTime: true, progress: null)) { Name = $"robot-{i}" }).ToArray();
        foreach (Thread t in threads)
        {
            t.Start();
        }

        foreach (Thread t in threads)
        {
            t.Join();
        }

        return reports;
    }
}
