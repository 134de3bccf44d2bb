using Microsoft.Playwright;
using RobotEdge.Control.Safety;
using RobotEdge.Sim.Rendering;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// The console tells the truth about its link, on a phone and on a tablet: a network stall and a
/// dropped socket (made by <see cref="LinkGate"/> in the page's real WebSocket path) are shown as
/// "connection lost" with the robot's state unknown and every control but the E-STOP disabled; the
/// page reconnects by itself; an E-STOP pressed meanwhile says it was not delivered and is delivered
/// on reconnection; the robot, stopped by the operator watch, stays stopped through the reconnection
/// and "Take control" until an operator resets it. Judged by the safety layer and the simulator's
/// true joints.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleLinkTests(ConsoleFixture fx) : IAsyncLifetime
{
    private const double HeldToleranceRad = 1e-5;

    /// <summary>Every control the page must disable while its link is lost (the E-STOP excepted).</summary>
    private static readonly string[] Controls =
        ["#take", "#release", "#reset", "#mode-auto", "#mode-manual", "#mode-stopped", "#jog-0-plus", "#jog-1-minus", ".cart button >> nth=0"];

    public Task InitializeAsync() => fx.RestoreAsync();

    public Task DisposeAsync() => fx.RestoreAsync();

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task ANetworkStallShowsConnectionLostAndTheEStopPressedMeanwhileIsDeliveredOnReconnection(string device)
    {
        var gate = new LinkGate();
        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken, ConsoleFixture.Device(device), gate);
        await ConsoleFixture.TakeControlAsync(page);
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 20, "the head should be tracking the moving target");
        await page.WaitForFunctionAsync("() => document.getElementById('link').dataset.state === 'live'");
        Assert.Contains("running", await page.TextContentAsync("#status"));

        // The network goes silent; nothing is closed.
        gate.Mode = GateMode.Stall;
        await ConsoleFixture.WaitUntilAsync(() => (fx.Safety.Causes & StopCauses.OperatorLost) != 0, 30, "the operator watch did not stop the robot");
        await page.WaitForFunctionAsync("() => document.getElementById('link').dataset.state === 'lost'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await fx.WaitStillAsync("the joints did not stop after the controlling page went silent");
        await AssertShowsLostAsync(page);

        // The E-STOP during the stall: the page says it did not get through, and keeps trying to reconnect.
        int connections = gate.Connections;
        await page.TapAsync("#estop");
        await page.WaitForFunctionAsync("() => document.getElementById('estop-state').textContent.includes('NOT delivered')", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await ConsoleFixture.WaitUntilAsync(() => gate.Connections > connections, 30, "the page did not try to reconnect");
        Assert.False(fx.Safety.IsEmergencyStopLatched);
        if (device == "phone")
        {
            await SaveScreenshotAsync(page, "console-connection-lost.png");
        }

        // The network comes back: the page reconnects by itself and the pending e-stop goes out.
        gate.Mode = GateMode.Pass;
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.IsEmergencyStopLatched, 30, "the e-stop pressed during the stall was not delivered after reconnecting");
        await page.WaitForFunctionAsync("() => document.getElementById('estop-state').textContent.includes('E-STOP delivered')", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('link').dataset.state === 'live' && window.robotConsole.stats.welcomes >= 2", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        // One press, delivered once the link was back (it was not latched during the stall, asserted
        // above). Whether the page also tried the stalled socket first depends on when, on a loaded
        // machine, it gave that socket up; trying it is harmless (an e-stop is idempotent), so it is not asserted.
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.robotConsole.estop.seq"));
        Assert.Contains(gate.DroppedFromPage, m => m.Contains("\"heartbeat\""));
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('EmergencyStop')");
        string status = await page.TextContentAsync("#status") ?? "";
        Assert.Contains("OperatorLost", status);
        Assert.Contains("reset needed", status);
        Assert.DoesNotContain("running", status);

        // The page never drew the robot as running from an update older than the link timeout.
        double maxLiveAgeMs = await page.EvaluateAsync<double>("() => window.robotConsole.stats.maxLiveAgeMs");
        Assert.InRange(maxLiveAgeMs, 0, fx.Safety.OperatorTimeoutMs);

        await ResumeAsync(page);
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task ADroppedSocketShowsConnectionLostAndTheRobotStaysStoppedThroughReconnectionAndTakeControlUntilReset(string device)
    {
        var gate = new LinkGate();
        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken, ConsoleFixture.Device(device), gate);
        await ConsoleFixture.TakeControlAsync(page);
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 20, "the head should be tracking the moving target");

        // The socket drops and the robot cannot be reached for a while.
        gate.Mode = GateMode.Refuse;
        await gate.DropAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('link').dataset.state === 'lost'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await AssertShowsLostAsync(page);
        await ConsoleFixture.WaitUntilAsync(() => (fx.Safety.Causes & StopCauses.OperatorLost) != 0, 30, "the operator watch did not stop the robot");
        await fx.WaitStillAsync("the joints did not stop after the controlling page's socket dropped");
        int connections = gate.Connections;
        await ConsoleFixture.WaitUntilAsync(() => gate.Connections >= connections + 2, 30, "the page did not keep trying to reconnect");

        // Reachable again: the page reconnects by itself and shows the robot stopped.
        gate.Mode = GateMode.Pass;
        await page.WaitForFunctionAsync("() => document.getElementById('link').dataset.state === 'live' && window.robotConsole.stats.welcomes >= 2", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('OperatorLost')");
        FrameGroundTruth stopped = fx.NewestTruth();

        // Taking control again does not restart it.
        await ConsoleFixture.TakeControlAsync(page);
        await page.WaitForFunctionAsync("() => window.robotConsole.stats.replies.some(r => r.command === 'take' && r.ok)");
        string takeReply = await page.TextContentAsync("#reply") ?? "";
        Assert.Contains("stays stopped", takeReply);
        await Task.Delay(1500);
        FrameGroundTruth later = fx.NewestTruth();
        Assert.True(later.Sequence > stopped.Sequence + 20, "the simulated camera stalled");
        Assert.Equal(stopped.JointsRad[0], later.JointsRad[0], HeldToleranceRad);
        Assert.Equal(stopped.JointsRad[1], later.JointsRad[1], HeldToleranceRad);
        Assert.Equal(StopCauses.OperatorLost, fx.Safety.Causes);
        Assert.Equal(SafetyMode.Auto, fx.Safety.Mode);

        await ResumeAsync(page);
    }

    /// <summary>Reset by the operator in control: the robot tracks again; then release.</summary>
    private async Task ResumeAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => !!(window.robotConsole.state && window.robotConsole.state.mine)"))
        {
            await ConsoleFixture.TakeControlAsync(page);
        }

        await page.WaitForFunctionAsync("() => !document.getElementById('reset').disabled");
        await page.ClickAsync("#reset");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.Causes == StopCauses.None, 10, "the reset did not clear the stop");
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 20, "the robot did not track again after the reset");
        await page.ClickAsync("#release");
        await page.Context.CloseAsync();
    }

    private static async Task AssertShowsLostAsync(IPage page)
    {
        Assert.Contains("CONNECTION LOST", await page.TextContentAsync("#link"));
        string status = await page.TextContentAsync("#status") ?? "";
        Assert.Contains("robot state unknown", status);
        Assert.Equal("status unknown", await page.GetAttributeAsync("#status", "class"));
        foreach (string control in Controls)
        {
            Assert.True(await page.IsDisabledAsync(control), $"{control} should be disabled while the link is lost");
        }

        Assert.True(await page.IsEnabledAsync("#estop"));
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ConsoleFixture.ScreenshotPath(name) });
    }
}
