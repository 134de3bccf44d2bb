using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace RobotEdge.ReferenceCheck.Browser;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium) driven by Playwright, with one page whose requests to
/// <see cref="Origin"/> never leave the process: Playwright's router answers them from local files
/// (the npm data under <c>/npm/</c>, this tool's pages under <c>/page/</c>, files registered with
/// <see cref="Serve"/> under <c>/file/</c>); every other request is aborted, so a page that tries the
/// network fails loudly instead of hanging. Browser console errors are collected for error messages.
/// Not thread-safe: one caller at a time, as Playwright's page is.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    /// <summary>The made-up origin the page is served from (.invalid never resolves).</summary>
    public const string Origin = "http://reference.invalid";

    /// <summary>Where Debian installs Chromium.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>DESIGN.md's launch options for Debian's Chromium, for pages that need no WebGL.</summary>
    public static readonly string[] CpuOnlyArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>
    /// As <see cref="CpuOnlyArgs"/>, but WebGL through ANGLE on SwiftShader, Chromium's software
    /// renderer (MediaPipe's solutions draw their input through WebGL): no GPU is needed.
    /// </summary>
    public static readonly string[] SoftwareWebGlArgs =
        ["--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _npmData;
    private readonly string _pages;
    /// <summary>Files the page may read under /file/{id}/…: a local path, or bytes held in memory.</summary>
    private readonly ConcurrentDictionary<string, (string? Path, byte[]? Body)> _files = new();
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private int _nextFileId;

    private ChromiumPage(IPlaywright playwright, IBrowser browser, IPage page, string npmData, string pages)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        _npmData = npmData;
        _pages = pages;
    }

    /// <summary>The page; navigate it with <see cref="OpenAsync"/>.</summary>
    public IPage Page { get; }

    /// <summary>Browser console errors and uncaught page errors so far, oldest first (for diagnostics).</summary>
    public IEnumerable<string> ConsoleErrors => _consoleErrors;

    /// <summary>
    /// Starts Chromium with <paramref name="args"/> and routes the page's requests to
    /// <paramref name="npmData"/> (a node_modules folder) and the pages shipped beside this assembly.
    /// </summary>
    /// <exception cref="FileNotFoundException">Chromium is not installed.</exception>
    public static async Task<ChromiumPage> StartAsync(string npmData, IReadOnlyList<string> args)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"{ExecutablePath} is missing: install Debian's chromium (scripts/bootstrap.sh does)", ExecutablePath);
        }

        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser? browser = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Args = args,
                Headless = true,
            });
            IPage page = await browser.NewPageAsync();
            var session = new ChromiumPage(playwright, browser, page, npmData, Path.Combine(AppContext.BaseDirectory, "Pages"));
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    session._consoleErrors.Enqueue(message.Text);
                }
            };
            page.PageError += (_, error) => session._consoleErrors.Enqueue(error);
            await page.RouteAsync("**/*", session.AnswerAsync);
            return session;
        }
        catch
        {
            if (browser is not null)
            {
                await browser.CloseAsync();
            }

            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Makes a local file readable by the page; returns its URL (under /file/).</summary>
    public string Serve(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{full} does not exist", full);
        }

        return Register(Path.GetFileName(full), (full, null));
    }

    /// <summary>
    /// Makes <paramref name="body"/> readable by the page as a file named <paramref name="name"/>
    /// (its extension sets the content type); returns its URL. Held until <see cref="Forget"/>.
    /// </summary>
    public string Serve(string name, byte[] body) => Register(name, (null, body));

    /// <summary>Stops serving a URL returned by <see cref="Serve(string)"/> or <see cref="Serve(string, byte[])"/>.</summary>
    public void Forget(string url) => _files.TryRemove(FileId(new Uri(url).AbsolutePath) ?? "", out _);

    private string Register(string name, (string? Path, byte[]? Body) file)
    {
        // The number keys the file; the name after it gives the content type and readable URLs.
        string id = Interlocked.Increment(ref _nextFileId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _files[id] = file;
        return $"{Origin}/file/{id}/{Uri.EscapeDataString(name)}";
    }

    private static string? FileId(string requestPath) =>
        requestPath.StartsWith("/file/", StringComparison.Ordinal) ? requestPath["/file/".Length..].Split('/')[0] : null;

    /// <summary>Navigates to one of this tool's pages (e.g. "tflite.html") and waits for its scripts.</summary>
    public async Task OpenAsync(string pageName)
    {
        await Page.GotoAsync($"{Origin}/page/{pageName}", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
    }

    /// <summary>The collected console errors as one line, for an exception message ("" when none).</summary>
    public string DescribeConsoleErrors()
    {
        string[] errors = _consoleErrors.ToArray();
        return errors.Length == 0 ? "" : " (browser console: " + string.Join(" | ", errors.TakeLast(5)) + ")";
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private async Task AnswerAsync(IRoute route)
    {
        var url = new Uri(route.Request.Url);
        string requestPath = Uri.UnescapeDataString(url.AbsolutePath);
        bool ours = url.GetLeftPart(UriPartial.Authority) == Origin;
        if (ours && FileId(requestPath) is { } id && _files.TryGetValue(id, out (string? Path, byte[]? Body) file) && file.Body is not null)
        {
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, BodyBytes = file.Body, ContentType = ContentType(requestPath) });
            return;
        }

        string? path = ours ? Resolve(requestPath) : null;
        if (path is null || !File.Exists(path))
        {
            _consoleErrors.Enqueue($"refused request {route.Request.Url}");
            await route.AbortAsync();
            return;
        }

        await route.FulfillAsync(new RouteFulfillOptions { Status = 200, Path = path, ContentType = ContentType(path) });
    }

    /// <summary>The local file behind a request path, or null when it names none this page may read.</summary>
    private string? Resolve(string requestPath)
    {
        if (FileId(requestPath) is { } id)
        {
            return _files.TryGetValue(id, out (string? Path, byte[]? Body) file) ? file.Path : null;
        }

        (string root, string rest) = requestPath switch
        {
            _ when requestPath.StartsWith("/npm/", StringComparison.Ordinal) => (_npmData, requestPath["/npm/".Length..]),
            _ when requestPath.StartsWith("/page/", StringComparison.Ordinal) => (_pages, requestPath["/page/".Length..]),
            _ => ("", ""),
        };
        if (root.Length == 0)
        {
            return null;
        }

        // Only files inside the root: a request with ".." that climbs out is refused.
        string full = Path.GetFullPath(Path.Combine(root, rest));
        return full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".wasm" => "application/wasm",
        ".json" => "application/json",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
