using Microsoft.Playwright;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;

namespace RobotEdge.Teleop.Tests;

/// <summary>Jog, e-stop and the watchdog on a lost controlling page, judged by the simulator's ground truth.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleControlTests(ConsoleFixture fx) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.RestoreAsync();

    public Task DisposeAsync() => fx.RestoreAsync();

    /// <summary>Waits until the true joints have stood still (below 1e-4 rad/s) for a few frames.</summary>
    // "Nothing moved" means within 10 µrad (0.0006°): a held joint still settles its last
    // microradians after its speed falls under WaitStillAsync's threshold. An absolute tolerance, not
    // xUnit's decimal-places overload, which compares rounded values and so fails on a 1 µrad
    // difference that straddles a rounding boundary.
    private const double HeldToleranceRad = 1e-5;

    private async Task WaitStillAsync(string what)
    {
        await ConsoleFixture.WaitUntilAsync(() =>
        {
            long newest = fx.Truth.LatestSequence;
            for (long s = newest - 5; s <= newest; s++)
            {
                if (!fx.Truth.TryGet(s, out FrameGroundTruth t) || Math.Abs(t.JointVelocitiesRadPerS[0]) > 1e-4 || Math.Abs(t.JointVelocitiesRadPerS[1]) > 1e-4)
                {
                    return false;
                }
            }

            return true;
        }, 10, what);
    }

    [Fact]
    public async Task JogMovesTheSimulatedJointByTheCommandedAmount()
    {
        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken);
        await ConsoleFixture.TakeControlAsync(page);
        await page.ClickAsync("#mode-manual");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.Mode == SafetyMode.Manual, 5, "manual mode was not applied");
        await WaitStillAsync("the head did not settle in manual mode");
        FrameGroundTruth before = fx.NewestTruth();

        // Pan: four clicks on "+" at 0.05 rad each.
        for (int i = 0; i < 4; i++)
        {
            await page.ClickAsync("#jog-0-plus");
        }

        // Tilt: one arrow-up key press, -0.05 rad.
        await page.Locator("body").PressAsync("ArrowUp");
        await page.WaitForFunctionAsync("() => window.robotConsole.stats.replies.filter(r => r.command === 'jog' && r.ok).length >= 5");
        // The set point follows the jogs at the jog speed, one heartbeat at a time.
        await ConsoleFixture.WaitUntilAsync(() => fx.Console.Server.Driver.AtTarget, 30, "the set point did not reach the jog target");
        await WaitStillAsync("the head did not settle after the jog");
        FrameGroundTruth after = fx.NewestTruth();

        Assert.Equal(0.20, after.JointsRad[0] - before.JointsRad[0], 2);
        Assert.Equal(-0.05, after.JointsRad[1] - before.JointsRad[1], 2);
        Assert.InRange(Math.Abs(after.JointsRad[0] - before.JointsRad[0] - 0.20), 0, 0.005);
        Assert.InRange(Math.Abs(after.JointsRad[1] - before.JointsRad[1] + 0.05), 0, 0.005);
        Assert.Equal(StopCauses.None, fx.Safety.Causes);

        await page.ClickAsync("#mode-auto");
        await page.ClickAsync("#release");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CartesianJogMovesTheAimPointByTheCommandedDistance()
    {
        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken);
        await ConsoleFixture.TakeControlAsync(page);
        await page.ClickAsync("#mode-manual");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.Mode == SafetyMode.Manual, 5, "manual mode was not applied");
        await WaitStillAsync("the head did not settle in manual mode");
        Vec3d aimBefore = AimPoint(fx.NewestTruth(), out _);

        // +Y (left) three times by 0.05 m, then -Z (down) twice by 0.05 m: W/S, A/D, Q/E keys and buttons alike.
        for (int i = 0; i < 3; i++)
        {
            await page.ClickAsync(".cart button[data-axis='y'][data-dir='1']");
        }

        await page.Locator("body").PressAsync("KeyE");
        await page.Locator("body").PressAsync("KeyE");
        await page.WaitForFunctionAsync("() => window.robotConsole.stats.replies.filter(r => r.command === 'cartesian' && r.ok).length >= 5");
        await ConsoleFixture.WaitUntilAsync(() => fx.Console.Server.Driver.AtTarget, 30, "the set point did not reach the jog target");
        await WaitStillAsync("the head did not settle after the Cartesian jog");

        // Ground truth: the camera now looks at the old aim point moved by (0, +0.15, -0.10) m.
        Vec3d expected = aimBefore + new Vec3d(0, 0.15, -0.10);
        _ = AimPoint(fx.NewestTruth(), out RobotEdge.RobotModel.Geometry.Transform3d pose);
        Vec3d toExpected = (expected - pose.Translation).Normalized();
        Vec3d axis = pose.TransformDirection(new Vec3d(0, 0, 1));
        double errorDeg = Math.Acos(Math.Clamp(axis.Dot(toExpected), -1, 1)) * 180 / Math.PI;
        Assert.True(errorDeg < 0.3, $"the camera points {errorDeg:F2} deg away from the jogged aim point");

        await page.ClickAsync("#mode-auto");
        await page.ClickAsync("#release");
    }

    /// <summary>The point 1.5 m along the camera's optical axis at the frame's true joint positions (base frame).</summary>
    private Vec3d AimPoint(FrameGroundTruth truth, out RobotEdge.RobotModel.Geometry.Transform3d pose)
    {
        pose = fx.Rig.Chain.ComputeTipPose([truth.JointsRad[0], truth.JointsRad[1]]);
        return pose.TransformPoint(new Vec3d(0, 0, fx.Rig.Config.Target.DefaultRangeM));
    }

    [Fact]
    public async Task EStopStopsTheRobotAndItStaysStoppedUntilReset()
    {
        IPage alice = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken);
        IPage bob = await fx.SignInAsync(ConsoleFixture.Bob, ConsoleFixture.BobToken);
        await ConsoleFixture.TakeControlAsync(alice);
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 10, "the head should be tracking the moving target");

        // Bob only watches, yet his e-stop works: a mouse press on the big button.
        await bob.ClickAsync("#estop");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.IsEmergencyStopLatched, 2, "the e-stop did not latch");
        await WaitStillAsync("the joints did not stop after the e-stop");
        FrameGroundTruth stopped = fx.NewestTruth();

        // Stays stopped: two seconds later (the target kept moving), nothing moved.
        await Task.Delay(2000);
        FrameGroundTruth later = fx.NewestTruth();
        Assert.True(later.Sequence > stopped.Sequence + 30);
        Assert.Equal(stopped.JointsRad[0], later.JointsRad[0], HeldToleranceRad);
        Assert.Equal(stopped.JointsRad[1], later.JointsRad[1], HeldToleranceRad);
        Assert.Equal(0.0, later.JointVelocitiesRadPerS[0], 1e-6);
        Assert.True(fx.Safety.IsEmergencyStopLatched);
        Assert.Contains("EmergencyStop", await bob.TextContentAsync("#status"));

        // Bob cannot reset (no lease); Alice can.
        await bob.EvaluateAsync("() => { window.robotConsole.socket.send(JSON.stringify({type:'reset'})); }");
        await bob.WaitForFunctionAsync("() => window.robotConsole.stats.replies.some(r => r.command === 'reset' && !r.ok)");
        await Task.Delay(200);
        Assert.True(fx.Safety.IsEmergencyStopLatched);

        await alice.ClickAsync("#reset");
        await ConsoleFixture.WaitUntilAsync(() => !fx.Safety.IsEmergencyStopLatched, 2, "reset did not clear the e-stop");
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 10, "the robot did not move again after the reset");

        // The space bar and a touch on the button are e-stops too.
        await alice.Keyboard.PressAsync("Space");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.IsEmergencyStopLatched, 2, "the space bar did not trigger the e-stop");
        await alice.ClickAsync("#reset");
        await ConsoleFixture.WaitUntilAsync(() => !fx.Safety.IsEmergencyStopLatched, 2, "reset did not clear the e-stop");
        await alice.ClickAsync("#release");

        IPage touch = await fx.SignInAsync(ConsoleFixture.Bob, ConsoleFixture.BobToken,
            new BrowserNewContextOptions { HasTouch = true, IsMobile = true, ViewportSize = new ViewportSize { Width = 1180, Height = 900 } });
        await touch.TapAsync("#estop");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.IsEmergencyStopLatched, 2, "a touch on the e-stop did not trigger it");

        await touch.Context.CloseAsync();
        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }

    [Fact]
    public async Task ClosingTheControllingTabStopsTheRobotThroughTheWatchdog()
    {
        IPage alice = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken);
        await ConsoleFixture.TakeControlAsync(alice);
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 10, "the head should be tracking the moving target");
        await Task.Delay(1000);
        Assert.Equal(StopCauses.None, fx.Safety.Causes); // the heartbeats keep the watch fed

        await alice.CloseAsync();
        await ConsoleFixture.WaitUntilAsync(() => (fx.Safety.Causes & StopCauses.OperatorLost) != 0, 5, "the operator watch did not fire");
        await WaitStillAsync("the joints did not stop after the controlling tab closed");
        FrameGroundTruth stopped = fx.NewestTruth();
        await Task.Delay(1500);
        FrameGroundTruth later = fx.NewestTruth();
        Assert.Equal(stopped.JointsRad[0], later.JointsRad[0], HeldToleranceRad);
        Assert.Equal(stopped.JointsRad[1], later.JointsRad[1], HeldToleranceRad);
        Assert.False(fx.Safety.IsEmergencyStopLatched); // it was the watchdog, not an e-stop

        // Another operator taking control does not bring the robot back by itself; their reset does.
        IPage bob = await fx.SignInAsync(ConsoleFixture.Bob, ConsoleFixture.BobToken);
        await ConsoleFixture.TakeControlAsync(bob);
        await Task.Delay(1000);
        Assert.Equal(StopCauses.OperatorLost, fx.Safety.Causes);
        FrameGroundTruth afterTake = fx.NewestTruth();
        Assert.Equal(stopped.JointsRad[0], afterTake.JointsRad[0], HeldToleranceRad);
        await bob.ClickAsync("#reset");
        await ConsoleFixture.WaitUntilAsync(() => fx.Safety.Causes == StopCauses.None, 5, "the reset did not clear the stop");
        await ConsoleFixture.WaitUntilAsync(() => fx.TrueSpeed() > 0.01, 10, "the robot did not resume tracking");
        await bob.ClickAsync("#release");
        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }
}
