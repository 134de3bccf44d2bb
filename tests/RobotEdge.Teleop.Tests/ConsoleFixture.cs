using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Rendering;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Server;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// The default robot running in real time against the simulator, its console on a free loopback
/// port (real Kestrel), and Debian's Chromium driven by Playwright. Shared by the browser tests,
/// which run one at a time and leave the robot in auto mode, unlatched, with nobody in control.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Alice = "alice", AliceToken = "alice-secret-7f3a", Bob = "bob", BobToken = "bob-secret-91c2";

    /// <summary>DESIGN.md's launch options for Debian's Chromium.</summary>
    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly CancellationTokenSource _stop = new();
    private readonly List<IBrowserContext> _contexts = [];
    private Task? _run;

    public SimulatedRobotRig Rig { get; private set; } = null!;
    public ConsoleAttachment Console { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string Url => Console.Server.Address.ToString();
    public SafetySupervisor Safety => Rig.Safety;
    public GroundTruthLog Truth => Rig.CameraSource.GroundTruth;

    public async Task InitializeAsync()
    {
        RobotConfig config = RobotConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt"));
        // Chromium, the robot and the test share a loaded 2-core CI machine, where a page's timers can
        // stall for half a second: the operator watch and the lease get 2 s (the robot's defaults are
        // 500 ms and 1 s), so a stop in these tests means the tab really went away. So does the
        // command watchdog, which in manual mode only the page's heartbeats feed (default 250 ms; a
        // jog test saw it expire under a CPU hog).
        config.Safety.OperatorTimeoutMs = 2000;
        config.Safety.WatchdogTimeoutMs = 2000;
        Rig = SimulatedRobotRig.Build(config, realTime: true, NullLoggerFactory.Instance);
        var operators = OperatorDirectory.FromTokens([(Alice, AliceToken), (Bob, BobToken)]);
        Console = await ConsoleAttachment.StartAsync(Rig, operators, new ConsoleOptions { Url = "http://127.0.0.1:0", LeaseTimeoutMs = 2000 }, NullLoggerFactory.Instance);
        _run = Task.Factory.StartNew(() => SimCommand.Run(Rig, int.MaxValue, realTime: true, progress: null, observe: Console.Observe, cancel: _stop.Token),
            TaskCreationOptions.LongRunning);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ChromiumArgs,
            Headless = true,
        });
        // The robot acquires the target before any test looks at it.
        await WaitUntilAsync(() => Truth.LatestSequence > 90, 30, "the simulated camera did not start");
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        Playwright.Dispose();
        _stop.Cancel();
        if (_run is not null)
        {
            await _run;
        }

        await Console.DisposeAsync();
        Rig.Dispose();
    }

    /// <summary>A phone (390×844 CSS px, touch) and a tablet (820×1180, touch): the sizes the layout must serve.</summary>
    public static BrowserNewContextOptions Device(string device) => device switch
    {
        "phone" => new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 1 },
        "tablet" => new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 820, Height = 1180 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 1 },
        _ => throw new ArgumentException($"unknown device '{device}'"),
    };

    /// <summary>
    /// Opens a fresh browser context and page on the console, signed in as the given operator;
    /// with <paramref name="gate"/>, the page's WebSocket runs through it (see <see cref="LinkGate"/>).
    /// </summary>
    public async Task<IPage> SignInAsync(string name, string token, BrowserNewContextOptions? options = null, LinkGate? gate = null)
    {
        IBrowserContext context = await NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1180, Height = 900 } });
        IPage page = await context.NewPageAsync();
        if (gate is not null)
        {
            await gate.AttachAsync(page);
        }

        await page.GotoAsync(Url);
        await page.FillAsync("#signin-name", name);
        await page.FillAsync("#signin-token", token);
        await page.ClickAsync("#signin-button");
        await page.WaitForSelectorAsync("#console", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        // The first state message has arrived when the status line is filled.
        await page.WaitForFunctionAsync("() => window.robotConsole.state !== null");
        return page;
    }

    /// <summary>A browser context that <see cref="RestoreAsync"/> closes if the test did not.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        IBrowserContext context = await Browser.NewContextAsync(options);
        _contexts.Add(context);
        return context;
    }

    /// <summary>Clicks "Take control" and waits until the page holds the lease.</summary>
    public static async Task TakeControlAsync(IPage page)
    {
        await page.ClickAsync("#take");
        await page.WaitForFunctionAsync("() => window.robotConsole.state && window.robotConsole.state.mine");
    }

    /// <summary>The newest frame's ground truth.</summary>
    public FrameGroundTruth NewestTruth()
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (Truth.TryGet(Truth.LatestSequence, out FrameGroundTruth truth))
            {
                return truth;
            }
        }

        throw new InvalidOperationException("no ground truth available");
    }

    /// <summary>Largest true joint speed at the newest frame, rad/s.</summary>
    public double TrueSpeed()
    {
        FrameGroundTruth t = NewestTruth();
        return Math.Max(Math.Abs(t.JointVelocitiesRadPerS[0]), Math.Abs(t.JointVelocitiesRadPerS[1]));
    }

    /// <summary>Puts the robot back in auto mode, unlatched, nobody watched or in control (between tests).</summary>
    public async Task RestoreAsync()
    {
        foreach (IBrowserContext context in _contexts)
        {
            await context.CloseAsync();
        }

        _contexts.Clear();
        await WaitUntilAsync(() => Console.Server.Lease.HolderName is null, 5, "a lease is still held");
        Safety.DisarmOperatorWatch();
        Safety.ResetEmergencyStop();
        Safety.ResetOperatorLoss();
        await HomeAsync();
        Safety.RequestMode(SafetyMode.Auto);
        await WaitUntilAsync(() => Safety.Causes == StopCauses.None && Safety.Mode == SafetyMode.Auto, 10, "the robot did not return to auto");
    }

    /// <summary>
    /// Brings the head back to (0, 0), where the moving target is in view, as an operator would in
    /// manual mode (a test may have jogged it to a limit, from where auto mode sees nothing to track).
    /// </summary>
    private async Task HomeAsync()
    {
        Safety.RequestMode(SafetyMode.Manual);
        await WaitUntilAsync(() => Safety.Mode == SafetyMode.Manual, 10, "manual mode was not applied for homing");
        long sequence = 0;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            // Republished every 20 ms: the watchdog wants fresh goals in manual mode too.
            Rig.Control.ManualGoals.Publish(new JointGoal { Stamp = new FrameStamp(sequence++, 0, 0), JointCount = 2 });
            FrameGroundTruth t = NewestTruth();
            if (Math.Abs(t.JointsRad[0]) < 0.01 && Math.Abs(t.JointsRad[1]) < 0.01 && Safety.Causes == StopCauses.None)
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"the head did not return home (at {t.JointsRad[0]:F3}, {t.JointsRad[1]:F3} rad, causes {Safety.Causes})");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the true joints have stood still (below 1e-4 rad/s) for six frames in a row.</summary>
    public async Task WaitStillAsync(string what)
    {
        await WaitUntilAsync(() =>
        {
            long newest = Truth.LatestSequence;
            for (long s = newest - 5; s <= newest; s++)
            {
                if (!Truth.TryGet(s, out FrameGroundTruth t) || Math.Abs(t.JointVelocitiesRadPerS[0]) > 1e-4 || Math.Abs(t.JointVelocitiesRadPerS[1]) > 1e-4)
                {
                    return false;
                }
            }

            return true;
        }, 20, what);
    }

    /// <summary>Puts the page's operator in control, in manual mode, with the head settled.</summary>
    public async Task ManualAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => !!(window.robotConsole.state && window.robotConsole.state.mine)"))
        {
            await TakeControlAsync(page);
        }

        await page.ClickAsync("#mode-manual");
        await WaitUntilAsync(() => Safety.Mode == SafetyMode.Manual, 10, "manual mode was not applied");
        await page.WaitForFunctionAsync("() => window.robotConsole.state && window.robotConsole.state.mode === 'manual'");
        await WaitStillAsync("the head did not settle in manual mode");
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, double seconds, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail(what);
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The repository root (where RobotEdge.sln is), for artifacts.</summary>
    /// <summary>
    /// Where a test saves screenshot <paramref name="name"/>: artifacts/screenshots (ignored by git) on
    /// every run, docs/screenshots (the README's, committed) when ROBOTEDGE_UPDATE_SCREENSHOTS=1, so a
    /// test run never rewrites the source tree unasked.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        bool update = Environment.GetEnvironmentVariable("ROBOTEDGE_UPDATE_SCREENSHOTS") == "1";
        string folder = Path.Combine(RepositoryRoot(), update ? "docs" : "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "RobotEdge.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
