using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>
/// <c>robotedge edge</c> in its own process (the CLI built beside the tests), with its output
/// collected and its address read from its first line, sent signals as a service manager or a
/// terminal sends them.
/// </summary>
internal sealed partial class EdgeProcess : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public EdgeProcess(string workingDirectory, params string[] arguments)
    {
        // Through coreutils' env, which resets SIGINT to its default before it execs dotnet (same
        // pid): a test runner started in the background by a script ignores SIGINT, children
        // inherit that, and the runtime leaves an inherited ignore alone.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "robotedge.dll"));
        start.ArgumentList.Add("edge");
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (string name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "SYSTEMD_EXEC_PID", "LISTEN_PID" })
        {
            start.Environment.Remove(name);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Standard output and error so far, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>The server's base address once it prints it; null when it exits or <paramref name="timeout"/> passes first.</summary>
    public Uri? WaitForAddress(TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            Match m = Address().Match(Output);
            if (m.Success)
            {
                return new Uri(m.Groups["address"].Value);
            }

            if (_process.HasExited)
            {
                return null;
            }

            Thread.Sleep(20);
        }

        return null;
    }

    public void Signal(string signal) => Assert.Equal(0, Kill(_process.Id, signal == "SIGTERM" ? SigTerm : SigInt));

    /// <summary>Waits for the process to exit and its output to be read; false after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"edge server on (?<address>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Address();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
