using Microsoft.Playwright;
using RobotEdge.Control.Safety;

namespace RobotEdge.Teleop.Tests;

/// <summary>Sign-in, anonymous access and the control lease, through a real browser.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAccessTests(ConsoleFixture fx) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.RestoreAsync();

    public Task DisposeAsync() => fx.RestoreAsync();

    [Fact]
    public async Task OperatorSignsInAndAWrongTokenIsRefused()
    {
        IBrowserContext context = await fx.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url);
        await page.FillAsync("#signin-name", ConsoleFixture.Alice);
        await page.FillAsync("#signin-token", "not-the-token");
        await page.ClickAsync("#signin-button");
        await page.WaitForFunctionAsync("() => document.getElementById('signin-error').textContent.length > 0");
        Assert.True(await page.IsHiddenAsync("#console"));
        Assert.Contains("Sign-in refused", await page.TextContentAsync("#signin-error"));
        Assert.Null(await page.EvaluateAsync<string?>("() => window.robotConsole.state && 'state'"));
        await context.CloseAsync();

        IPage signedIn = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken);
        Assert.Equal("pan_tilt", await signedIn.TextContentAsync("#robot-name"));
        Assert.Contains("alice", await signedIn.TextContentAsync("#operator"));
        await signedIn.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAnonymousPageCannotCommandAnything()
    {
        IBrowserContext context = await fx.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url);
        long estopsBefore = fx.Safety.LastEmergencyStopLatencyTicks;
        SafetyMode modeBefore = fx.Safety.Mode;

        // Straight to the WebSocket, skipping sign-in: every command, then see what comes back.
        var outcome = await page.EvaluateAsync<AnonymousOutcome>("""
            () => new Promise((resolve) => {
              const ws = new WebSocket('ws://' + location.host + '/ws');
              let received = 0;
              ws.onmessage = () => received++;
              ws.onopen = () => {
                for (const m of [{type:'estop'}, {type:'take'}, {type:'mode', mode:'stopped'}, {type:'reset'},
                                 {type:'jog', joint:0, deltaRad:0.3}, {type:'heartbeat'}]) ws.send(JSON.stringify(m));
              };
              ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, received });
            })
            """);

        Assert.Equal(1008, outcome.Code); // policy violation
        Assert.Equal("sign in first", outcome.Reason);
        Assert.Equal(0, outcome.Received);
        // Give a command that slipped through time to act; then check nothing changed.
        await Task.Delay(300);
        Assert.False(fx.Safety.IsEmergencyStopLatched);
        Assert.Equal(estopsBefore, fx.Safety.LastEmergencyStopLatencyTicks);
        Assert.Equal(modeBefore, fx.Safety.Mode);
        Assert.Null(fx.Console.Server.Lease.HolderName);
        // The page itself shows only the sign-in form.
        Assert.True(await page.IsHiddenAsync("#console"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task ASecondOperatorCannotTakeControlWhileTheLeaseIsHeld()
    {
        IPage alice = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken);
        IPage bob = await fx.SignInAsync(ConsoleFixture.Bob, ConsoleFixture.BobToken);
        await ConsoleFixture.TakeControlAsync(alice);
        Assert.Equal(ConsoleFixture.Alice, fx.Console.Server.Lease.HolderName);

        await bob.ClickAsync("#take");
        await bob.WaitForFunctionAsync("() => window.robotConsole.stats.replies.some(r => r.command === 'take')");
        string reply = await bob.TextContentAsync("#reply") ?? "";
        Assert.Contains("refused", reply);
        Assert.Contains("held by alice", reply);
        Assert.Equal(ConsoleFixture.Alice, fx.Console.Server.Lease.HolderName);

        // Bob's controls are disabled; sent anyway, his commands are refused and change nothing.
        Assert.True(await bob.IsDisabledAsync("#mode-stopped"));
        await bob.EvaluateAsync("() => { window.robotConsole.socket.send(JSON.stringify({type:'mode', mode:'stopped'})); }");
        await bob.WaitForFunctionAsync("() => window.robotConsole.stats.replies.some(r => r.command === 'mode' && !r.ok)");
        await Task.Delay(200);
        Assert.Equal(SafetyMode.Auto, fx.Safety.Mode);

        // Once Alice releases, Bob can take control.
        await alice.ClickAsync("#release");
        await ConsoleFixture.WaitUntilAsync(() => fx.Console.Server.Lease.HolderName is null, 5, "the lease was not released");
        await ConsoleFixture.TakeControlAsync(bob);
        Assert.Equal(ConsoleFixture.Bob, fx.Console.Server.Lease.HolderName);
        await bob.ClickAsync("#release");
        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }

    public sealed class AnonymousOutcome
    {
        public int Code { get; set; }
        public string Reason { get; set; } = "";
        public int Received { get; set; }
    }
}
