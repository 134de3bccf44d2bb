using Microsoft.Playwright;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// The console's layout on a phone (390×844) and a tablet (820×1180): the E-STOP on the first
/// screen without scrolling, nothing wider than the viewport, every touch target at least 44 px.
/// Saves the phone layout as console-phone.png (see <see cref="ConsoleFixture.ScreenshotPath"/>).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleLayoutTests(ConsoleFixture fx) : IAsyncLifetime
{
    private const double MinTargetPx = 44;

    public Task InitializeAsync() => fx.RestoreAsync();

    public Task DisposeAsync() => fx.RestoreAsync();

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task TheEStopIsOnTheFirstScreenNothingScrollsSidewaysAndTouchTargetsAreLargeEnough(string device)
    {
        // The sign-in form first.
        IBrowserContext context = await fx.NewContextAsync(ConsoleFixture.Device(device));
        IPage signIn = await context.NewPageAsync();
        await signIn.GotoAsync(fx.Url);
        Layout form = await MeasureAsync(signIn, "#signin-button");
        AssertFits(form, device);
        await context.CloseAsync();

        IPage page = await fx.SignInAsync(ConsoleFixture.Alice, ConsoleFixture.AliceToken, ConsoleFixture.Device(device));
        await ConsoleFixture.TakeControlAsync(page);
        await page.WaitForFunctionAsync("() => window.robotConsole.stats.framesShown > 0");
        Layout layout = await MeasureAsync(page, "#estop");
        AssertFits(layout, device);

        // The E-STOP: whole, on the first screen, at scroll position zero.
        Assert.Equal(0, layout.ScrollY);
        Assert.True(layout.Target.Top >= 0 && layout.Target.Bottom <= layout.InnerHeight,
            $"{device}: the E-STOP spans {layout.Target.Top:F0}..{layout.Target.Bottom:F0} px of a {layout.InnerHeight:F0} px screen");
        Assert.True(layout.Target.Width >= 200 && layout.Target.Height >= 60, $"{device}: the E-STOP is only {layout.Target.Width:F0}×{layout.Target.Height:F0} px");

        // Take and release control are inside the screen's width.
        foreach (string id in new[] { "#take", "#release", "#reset" })
        {
            var box = await page.Locator(id).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= layout.InnerWidth, $"{device}: {id} spans {box.X:F0}..{box.X + box.Width:F0} px of {layout.InnerWidth:F0}");
        }

        if (device == "phone")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ConsoleFixture.ScreenshotPath("console-phone.png") });
        }

        await page.ClickAsync("#release");
        await page.Context.CloseAsync();
    }

    private static void AssertFits(Layout layout, string device)
    {
        Assert.True(layout.ScrollWidth <= layout.InnerWidth, $"{device}: the page is {layout.ScrollWidth} px wide in a {layout.InnerWidth} px viewport");
        Assert.True(layout.SmallTargets.Length == 0, $"{device}: touch targets under {MinTargetPx} px: {string.Join(", ", layout.SmallTargets)}");
    }

    /// <summary>The viewport, the document's width and every visible button and input smaller than a touch target.</summary>
    private static Task<Layout> MeasureAsync(IPage page, string target) => page.EvaluateAsync<Layout>($$"""
        () => {
          const r = document.querySelector('{{target}}').getBoundingClientRect();
          const small = [];
          for (const e of document.querySelectorAll('button, input')) {
            const b = e.getBoundingClientRect();
            if (b.width === 0 && b.height === 0) continue; // not displayed
            if (b.width < {{MinTargetPx}} || b.height < {{MinTargetPx}}) small.push((e.id || e.textContent.trim() || e.name) + ' ' + b.width.toFixed(0) + 'x' + b.height.toFixed(0));
          }
          return { innerWidth: window.innerWidth, innerHeight: window.innerHeight, scrollWidth: document.documentElement.scrollWidth,
                   scrollY: window.scrollY, target: { top: r.top, bottom: r.bottom, width: r.width, height: r.height }, smallTargets: small };
        }
        """);

    public sealed class Layout
    {
        public double InnerWidth { get; set; }
        public double InnerHeight { get; set; }
        public double ScrollWidth { get; set; }
        public double ScrollY { get; set; }
        public Box Target { get; set; } = new();
        public string[] SmallTargets { get; set; } = [];
    }

    public sealed class Box
    {
        public double Top { get; set; }
        public double Bottom { get; set; }
        public double Width { get; set; }
        public double Height { get; set; }
    }
}
