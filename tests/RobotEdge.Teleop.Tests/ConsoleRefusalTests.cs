using Microsoft.Playwright;
using RobotEdge.Control.Safety;
using RobotEdge.Sim.Rendering;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// Every refusal is answered as a refusal with its reason, and what is refused does not happen; a
/// jog is bounded by the joint limits (clamped, saying so, then refused at the limit), by the
/// largest step and by the jog speed. On a phone and a tablet, judged by the simulator's true
/// joints and the safety layer's mode.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleRefusalTests(ConsoleFixture fx) : IAsyncLifetime
{
    private const double HeldToleranceRad = 1e-5;

    public Task InitializeAsync() => fx.RestoreAsync();

    public Task DisposeAsync() => fx.RestoreAsync();

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task AWrongTokenIsRefusedAsSuch(string device)
    {
        IBrowserContext context = await fx.NewContextAsync(ConsoleFixture.Device(device));
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url);
        await page.FillAsync("#signin-name", ConsoleFixture.Alice);
        await page.FillAsync("#signin-token", "not-the-token");
        await page.ClickAsync("#signin-button");
        await page.WaitForFunctionAsync("() => document.getElementById('signin-error').textContent.length > 0");
        string error = await page.TextContentAsync("#signin-error") ?? "";
        Assert.Contains("Sign-in refused: unknown operator or token", error);
        Assert.DoesNotContain("sign in first", error);
        Assert.True(await page.IsHiddenAsync("#console"));
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task JogsAreBoundedByTheLargestStepTheJointLimitsAndTheJogSpeed(string device)
    {
        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken, ConsoleFixture.Device(device));
        await ConsoleFixture.TakeControlAsync(page);

        // Outside manual mode a jog is refused, and says why.
        await SendAsync(page, "{type:'jog', joint:0, deltaRad:0.1}");
        Assert.Contains("jog needs manual mode", await ReplyAsync(page, "jog", ok: false));

        await fx.ManualAsync(page);
        FrameGroundTruth before = fx.NewestTruth();

        // A 3 rad step: refused with its reason; nothing moves.
        await page.FillAsync("#jog-step", "3");
        await page.ClickAsync("#jog-0-plus");
        Assert.Contains("larger than the largest step", await ReplyAsync(page, "jog", ok: false));
        Assert.Contains("refused", await page.TextContentAsync("#reply"));
        await Task.Delay(500);
        FrameGroundTruth after = fx.NewestTruth();
        Assert.Equal(before.JointsRad[0], after.JointsRad[0], HeldToleranceRad);

        // 0.45 rad steps of tilt up to its upper limit (1.2 rad): the last one is clamped and says so,
        // the next is refused; the true joint ends at the limit, never beyond, never at full speed.
        double upper = fx.Rig.Limits.UpperRad[1], maxSpeed = fx.Rig.Limits.MaxVelocityRadPerS[1];
        // Start with room below the limit (an earlier test may have left the head up there), with a
        // step that the way back up does not divide evenly.
        await page.FillAsync("#jog-step", "0.5");
        while (fx.Console.Server.Driver.TargetRad[1] > upper - 0.6)
        {
            int replies = await CountRepliesAsync(page);
            await page.ClickAsync("#jog-1-minus");
            await page.WaitForFunctionAsync($"() => window.robotConsole.stats.replies.length > {replies}");
        }

        await ConsoleFixture.WaitUntilAsync(() => fx.Console.Server.Driver.AtTarget, 30, "the set point did not reach the jog target");
        await fx.WaitStillAsync("the head did not settle below the limit");
        long firstFrame = fx.Truth.LatestSequence;
        await page.FillAsync("#jog-step", "0.45");
        string? limitedReply = null;
        for (int press = 0; press < 8 && limitedReply is null; press++)
        {
            int replies = await CountRepliesAsync(page);
            await page.ClickAsync("#jog-1-plus");
            await page.WaitForFunctionAsync($"() => window.robotConsole.stats.replies.length > {replies}");
            var last = await page.EvaluateAsync<ReplyView>("() => window.robotConsole.stats.replies.at(-1)");
            Assert.True(last.Ok, $"jog {press} was refused: {last.Reason}");
            if (last.Limited)
            {
                limitedReply = last.Reason;
            }
        }

        Assert.NotNull(limitedReply);
        Assert.Contains("upper limit", limitedReply);
        Assert.Contains("limited", await page.TextContentAsync("#reply"));
        await ConsoleFixture.WaitUntilAsync(() => fx.Console.Server.Driver.AtTarget, 30, "the set point did not reach the jog target");
        await fx.WaitStillAsync("the head did not settle at the limit");
        Assert.InRange(fx.NewestTruth().JointsRad[1], upper - 0.01, upper + 1e-6);
        await page.ClickAsync("#jog-1-plus");
        Assert.Contains("is at its upper limit", await ReplyAsync(page, "jog", ok: false));

        double fastest = 0;
        for (long s = firstFrame; s <= fx.Truth.LatestSequence; s++)
        {
            if (fx.Truth.TryGet(s, out FrameGroundTruth t))
            {
                Assert.True(t.JointsRad[1] <= upper + 1e-6, $"tilt {t.JointsRad[1]} rad beyond its limit {upper}");
                fastest = Math.Max(fastest, Math.Abs(t.JointVelocitiesRadPerS[1]));
            }
        }

        // The jog speed is a quarter of the limit; stepping the set point at it, the joint stays
        // well under the limit (a 0.45 rad step taken at once runs at the full 3 rad/s).
        Assert.InRange(fastest, 0.05, 0.5 * maxSpeed);

        await page.ClickAsync("#mode-auto");
        await page.ClickAsync("#release");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task WhileTheEStopIsLatchedJogAndModeChangesAreRefusedWithTheReason(string device)
    {
        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken, ConsoleFixture.Device(device));
        await fx.ManualAsync(page);
        await page.TapAsync("#estop");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.IsEmergencyStopLatched, 10, "the e-stop did not latch");
        await page.WaitForFunctionAsync("() => document.getElementById('estop-state').textContent.includes('E-STOP delivered')");
        await page.WaitForFunctionAsync("() => window.robotConsole.state.estop");
        await fx.WaitStillAsync("the head did not stop");
        FrameGroundTruth stopped = fx.NewestTruth();

        // The jog buttons are disabled; sent anyway, the jog is refused and nothing moves.
        Assert.True(await page.IsDisabledAsync("#jog-0-plus"));
        await SendAsync(page, "{type:'jog', joint:0, deltaRad:0.2}");
        Assert.Contains("e-stop is latched", await ReplyAsync(page, "jog", ok: false));
        await SendAsync(page, "{type:'cartesian', dx:0, dy:0.1, dz:0}");
        Assert.Contains("e-stop is latched", await ReplyAsync(page, "cartesian", ok: false));

        // A mode change: refused, and the mode stays manual.
        await page.ClickAsync("#mode-auto");
        Assert.Contains("e-stop is latched", await ReplyAsync(page, "mode", ok: false));
        await Task.Delay(500);
        Assert.Equal(SafetyMode.Manual, fx.Safety.Mode);
        FrameGroundTruth later = fx.NewestTruth();
        Assert.Equal(stopped.JointsRad[0], later.JointsRad[0], HeldToleranceRad);
        Assert.Equal(stopped.JointsRad[1], later.JointsRad[1], HeldToleranceRad);

        // Release without holding control, and a reset with nothing latched: refusals too.
        await page.ClickAsync("#reset");
        await ConsoleFixture.WaitUntilAsync(() => !fx.Safety.IsEmergencyStopLatched, 10, "the reset did not clear the e-stop");
        await SendAsync(page, "{type:'reset'}");
        Assert.Contains("nothing to reset", await ReplyAsync(page, "reset", ok: false));
        await page.ClickAsync("#mode-auto");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.Mode == SafetyMode.Auto, 10, "auto mode was not applied after the reset");
        await page.ClickAsync("#release");
        await SendAsync(page, "{type:'release'}");
        Assert.Contains("you do not hold control", await ReplyAsync(page, "release", ok: false));
        await page.Context.CloseAsync();
    }

    private static Task SendAsync(IPage page, string message) =>
        page.EvaluateAsync($"() => window.robotConsole.socket.send(JSON.stringify({message}))");

    private static Task<int> CountRepliesAsync(IPage page) => page.EvaluateAsync<int>("() => window.robotConsole.stats.replies.length");

    /// <summary>Waits for the newest reply to <paramref name="command"/> with the given outcome and returns its reason.</summary>
    private static async Task<string> ReplyAsync(IPage page, string command, bool ok)
    {
        string js = $"() => window.robotConsole.stats.replies.findLast(r => r.command === '{command}' && r.ok === {(ok ? "true" : "false")} && !r.seen)";
        await page.WaitForFunctionAsync(js);
        var reply = await page.EvaluateAsync<ReplyView>($"() => {{ const r = ({js})(); r.seen = true; return r; }}");
        return reply.Reason ?? "";
    }

    public sealed class ReplyView
    {
        public string Command { get; set; } = "";
        public bool Ok { get; set; }
        public bool Limited { get; set; }
        public string? Reason { get; set; }
    }
}
