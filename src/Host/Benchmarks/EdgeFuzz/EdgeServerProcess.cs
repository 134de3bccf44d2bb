using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>
/// <c>robotedge edge</c> in a process of its own, as a site runs it: so that a crash shows as the
/// process ending, and its memory is its own. Started with this very build (the running entry
/// assembly), on a free loopback port; its output is kept, its error lines counted. Disposing ends
/// it with SIGTERM, then SIGKILL if it has not exited within <see cref="StopGrace"/>.
/// </summary>
public sealed partial class EdgeServerProcess : IAsyncDisposable
{
    /// <summary>How long the server gets to exit after SIGTERM.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly List<string> _lastLines = [];
    private long _errorLines;

    private EdgeServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The robots' endpoint.</summary>
    public Uri RobotEndpoint => new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/robot" }.Uri;

    /// <summary>Whether the process still runs.</summary>
    public bool Alive => !_process.HasExited;

    /// <summary>Its exit code, once it exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Lines it wrote at error or critical level (or about an unhandled exception) so far.</summary>
    public long ErrorLines => Interlocked.Read(ref _errorLines);

    /// <summary>Its last lines of output (up to 40), for a report when something went wrong.</summary>
    public string[] LastLines()
    {
        lock (_lastLines)
        {
            return [.. _lastLines];
        }
    }

    /// <summary>Its resident memory now, bytes (VmRSS of /proc/&lt;pid&gt;/status); null once it has exited or where /proc is not there.</summary>
    public long? RssBytes()
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Gone, or no /proc: unknown.
        }

        return null;
    }

    /// <summary>
    /// Starts the server on the site file <paramref name="sitePath"/> serving <paramref name="robotPath"/>'s
    /// model, and waits until its status endpoint answers (model loaded, warm-up done).
    /// </summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer within <paramref name="startTimeout"/>.</exception>
    public static async Task<EdgeServerProcess> StartAsync(string sitePath, string robotPath, TimeSpan startTimeout)
    {
        int port = FreeLoopbackPort();
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet robotedge.dll` the host is dotnet and the assembly its first argument.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string a in new[] { "edge", "--robots", sitePath, "--robot", robotPath, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the edge server process");
        var server = new EdgeServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.StartNew();
        while (until.Elapsed < startTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the edge server exited with code {process.ExitCode} before it listened: {string.Join(" | ", server.LastLines().TakeLast(5))}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri(server.BaseAddress, "status")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        await server.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"the edge server did not answer on {server.BaseAddress} within {startTimeout.TotalSeconds:F0} s");
    }

    /// <summary>Sends SIGTERM and waits up to <see cref="StopGrace"/>; returns the exit code and how long it took, or null if it had to be killed.</summary>
    public async Task<(int ExitCode, double Seconds)?> StopAsync()
    {
        if (_process.HasExited)
        {
            return (_process.ExitCode, 0);
        }

        var stopwatch = Stopwatch.StartNew();
        _ = Kill(_process.Id, SigTerm);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            return (_process.ExitCode, stopwatch.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal) || line.Contains("Unhandled exception", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errorLines);
        }

        lock (_lastLines)
        {
            _lastLines.Add(line);
            if (_lastLines.Count > 40)
            {
                _lastLines.RemoveAt(0);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
