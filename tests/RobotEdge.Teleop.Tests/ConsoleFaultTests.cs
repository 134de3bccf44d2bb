using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Operation;
using RobotEdge.Teleop.Server;
using RobotEdge.Teleop.Telemetry;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// The console's side of a failing robot: a bus's own words for a joint's fault reach the joint
/// table, and an unexpected exception on a console thread reaches the run's fault path
/// (<see cref="LoopHeartbeat"/>, the rig's reporter). A console of its own (real Kestrel, Chromium on
/// the fixture's browser) over a control loop this test ticks, on a bus that reports a fault.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleFaultTests(ConsoleFixture fx) : IDisposable
{
    private readonly CancellationTokenSource _ticking = new();

    private const string Overheated = "Overheating Error (hardware error status bit 2)";

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task TheJointTableShowsTheBusFaultTextOfTheFaultedJoint(string device)
    {
        var bus = new FaultReportingBus { FaultedJoint = 1, Text = Overheated };
        var faults = new LoopHeartbeat();
        await using ConsoleServer console = await StartAsync(bus, faults);
        IBrowserContext context = await fx.NewContextAsync(ConsoleFixture.Device(device));
        try
        {
            IPage page = await context.NewPageAsync();
            await page.GotoAsync(console.Address.ToString());
            await page.FillAsync("#signin-name", ConsoleFixture.Alice);
            await page.FillAsync("#signin-token", ConsoleFixture.AliceToken);
            await page.ClickAsync("#signin-button");
            await page.WaitForSelectorAsync("#joint-fault-1", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
            Assert.Equal("⚠ " + Overheated, await page.TextContentAsync("#joint-fault-1"));
            Assert.True(await page.IsHiddenAsync("#joint-fault-0"));
            await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('ActuatorFault')");

            // The fault clears on the bus: the text goes.
            bus.FaultedJoint = -1;
            await page.WaitForSelectorAsync("#joint-fault-1", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
            Assert.Null(faults.Fault);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnExceptionOnTheStateThreadReachesTheRunsFaultPath()
    {
        var bus = new FaultReportingBus { FaultedJoint = 0, Text = Overheated };
        var faults = new LoopHeartbeat();
        await using ConsoleServer console = await StartAsync(bus, faults);
        IBrowserContext context = await fx.NewContextAsync(ConsoleFixture.Device("phone"));
        try
        {
            IPage page = await context.NewPageAsync();
            await page.GotoAsync(console.Address.ToString());
            await page.FillAsync("#signin-name", ConsoleFixture.Alice);
            await page.FillAsync("#signin-token", ConsoleFixture.AliceToken);
            await page.ClickAsync("#signin-button");
            await page.WaitForSelectorAsync("#joint-fault-0", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });

            // The bus's fault text throws (a defect): the state thread's barrier reports it.
            bus.Throw = true;
            await ConsoleFixture.WaitUntilAsync(() => faults.Fault is not null, 30, "the console's fault barrier did not report");
            Assert.Equal("console state thread", faults.Fault!.Thread);
            Assert.IsType<InvalidOperationException>(faults.Fault.Exception);

            // The page, no longer fed, says so.
            await page.WaitForFunctionAsync("() => document.getElementById('link').dataset.state === 'lost'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task AControlLoopThatFallsSilentIsShownAsNotResponding()
    {
        var bus = new FaultReportingBus();
        var faults = new LoopHeartbeat();
        await using ConsoleServer console = await StartAsync(bus, faults);
        IBrowserContext context = await fx.NewContextAsync(ConsoleFixture.Device("phone"));
        try
        {
            IPage page = await context.NewPageAsync();
            await page.GotoAsync(console.Address.ToString());
            await page.FillAsync("#signin-name", ConsoleFixture.Alice);
            await page.FillAsync("#signin-token", ConsoleFixture.AliceToken);
            await page.ClickAsync("#signin-button");
            await page.WaitForFunctionAsync("() => document.getElementById('status').dataset.live === 'true'");

            // The loop stops ticking while the console keeps sending states: the page must not show
            // the last snapshot as a live robot.
            _ticking.Cancel();
            await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('robot not responding')", null,
                new PageWaitForFunctionOptions { Timeout = 30_000 });
            Assert.Equal("false", await page.GetAttributeAsync("#status", "data-live"));
            // The link itself is fine (states keep coming): it is the robot that is silent.
            Assert.NotEqual("lost", await page.GetAttributeAsync("#link", "data-state"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task<ConsoleServer> StartAsync(FaultReportingBus bus, LoopHeartbeat faults)
    {
        var limits = fx.Rig.Limits;
        var loop = new ControlLoop(bus, new LatestMailbox<JointGoal>(), new JointTrackingController(limits, new ControlConfig()), 500);
        for (int tick = 0; tick < 5; tick++)
        {
            loop.Tick(tick * loop.PeriodNs);
        }

        var robot = new ConsoleRobot
        {
            Name = "faulty",
            Control = loop,
            Actuators = bus,
            Tap = new FrameTap(fx.Rig.Camera.Width, fx.Rig.Camera.Height),
            Chain = fx.Rig.Chain,
            Limits = limits,
            Camera = fx.Rig.Camera,
            Telemetry = new ConsoleTelemetry(50),
        };
        var operators = OperatorDirectory.FromTokens([(ConsoleFixture.Alice, ConsoleFixture.AliceToken)]);
        var server = await ConsoleServer.StartAsync(robot, operators, new ConsoleOptions { Url = "http://127.0.0.1:0", Faults = faults }, NullLoggerFactory.Instance);
        // Keep the loop ticking (and the snapshots fresh) from the test while the page looks.
        CancellationToken stop = _ticking.Token;
        _ = Task.Run(async () =>
        {
            long tick = 5;
            while (!stop.IsCancellationRequested)
            {
                loop.Tick(tick++ * loop.PeriodNs);
                await Task.Delay(20);
            }
        });
        return server;
    }

    public void Dispose()
    {
        _ticking.Cancel();
        _ticking.Dispose();
    }

    /// <summary>
    /// Two joints standing still whose device reports a hardware error on one of them, in words, as
    /// a real servo bus does through <see cref="IActuatorBus.JointFaultText"/>.
    /// </summary>
    private sealed class FaultReportingBus : IActuatorBus
    {
        public volatile int FaultedJoint = -1;
        public volatile string? Text;
        public volatile bool Throw;

        public int JointCount => 2;

        public int FaultedJointMask => FaultedJoint < 0 ? 0 : 1 << FaultedJoint;

        public bool TryRead(ref JointState state)
        {
            state.JointCount = 2;
            return true;
        }

        public void Write(in JointCommand command)
        {
        }

        public string? JointFaultText(int joint) =>
            Throw ? throw new InvalidOperationException("fault text decoder defect") : joint == FaultedJoint ? Text : null;

        public void Dispose()
        {
        }
    }
}
