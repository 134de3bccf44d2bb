using System.Net;
using System.Net.Sockets;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Preflight;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Preflight and exit codes, through the real CLI in its own process: a busy port, a report path that
/// is a directory or cannot be written, bad arguments — each refused before anything is built or
/// energised, in one line without a stack trace (unless <c>--verbose</c>), with its class's exit code.
/// For <c>run</c> the robot's servo bus is a real pseudo-terminal whose other end the test reads: not
/// one byte (no torque enable, nothing) reaches it when preflight fails.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class PreflightTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-preflight-tests-" + Guid.NewGuid().ToString("n"));
    private readonly ITestOutputHelper _output;

    /// <summary>A port held busy for the test's life, as another server would hold it.</summary>
    private readonly TcpListener _busy = new(IPAddress.Loopback, 0);

    public PreflightTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
        _busy.Start();
    }

    private string BusyUrl => $"http://127.0.0.1:{((IPEndPoint)_busy.LocalEndpoint).Port}";

    public void Dispose()
    {
        _busy.Stop();
        _busy.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Sim_refuses_a_report_path_that_is_a_directory_before_the_run()
    {
        string line = RunAndGetTheOneLine(ExitCodes.PreflightFailed, "sim", "--robot", TestRigs.DefaultRobotPath, "--frames", "30", "--report", _folder);
        Assert.Contains($"--report '{_folder}' is a directory", line);
    }

    [Fact]
    public void Sim_refuses_a_report_path_that_cannot_be_written_before_the_run()
    {
        string file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "x");
        string line = RunAndGetTheOneLine(ExitCodes.PreflightFailed, "sim", "--robot", TestRigs.DefaultRobotPath, "--frames", "30", "--report", Path.Combine(file, "report.json"));
        Assert.Contains("cannot be written", line);
        Assert.Contains($"{file} is a file", line);
    }

    [Fact]
    public void Sim_console_on_a_busy_port_is_refused_in_one_line()
    {
        string line = RunAndGetTheOneLine(ExitCodes.PreflightFailed, "sim", "--robot", TestRigs.DefaultRobotPath, "--console", BusyUrl, "--bus", "sim-dynamixel");
        Assert.Contains($"--console {BusyUrl}", line);
        Assert.Contains("already in use", line);
    }

    [Fact]
    public void Edge_on_a_busy_port_is_refused_in_one_line()
    {
        string line = RunAndGetTheOneLine(ExitCodes.PreflightFailed, "edge", "--urls", BusyUrl, "--robot", TestRigs.DefaultRobotPath);
        Assert.Contains($"--urls {BusyUrl}", line);
        Assert.Contains("already in use", line);
    }

    [Theory]
    [InlineData("console")]
    [InlineData("report")]
    public void Run_with_a_failing_preflight_writes_nothing_to_the_servo_bus(string failing)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        RealRobotRunTests.WriteRobot(_folder, "file:clip.mkv?loop=true", pty.DevicePath);
        string[] arguments = failing == "console"
            ? ["run", "--robot", _folder, "--console", BusyUrl]
            : ["run", "--robot", _folder, "--report", _folder];

        string line = RunAndGetTheOneLine(ExitCodes.PreflightFailed, arguments);

        Assert.Contains(failing == "console" ? "already in use" : "is a directory", line);
        // The servo side of the bus: no torque enable, no ping, nothing was ever written.
        var received = new byte[256];
        int count = pty.Read(received, 200);
        Assert.True(count <= 0, $"{count} bytes reached the servo bus before preflight failed");
    }

    [Fact]
    public void A_console_that_cannot_bind_is_a_preflight_failure_and_nothing_is_energised()
    {
        // Past the early check (the port was taken since): the real bind fails, still before the start.
        using FaultInjectionRig rig = FaultInjectionRig.Build();
        var refused = Assert.Throws<PreflightException>(() =>
            ConsoleRun.StartConsole(rig, ConsoleOperators.Load(null), BusyUrl, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        _output.WriteLine(refused.Message);
        Assert.StartsWith($"--console {BusyUrl}: ", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Equal(ExitCodes.PreflightFailed, CommandErrors.ExitCodeOf(refused));
        Assert.False(rig.Started);
        Assert.Equal(0, rig.FailingBus.EnergizeCalls);
    }

    [Theory]
    [InlineData("sim", "--frames", "0")]
    [InlineData("sim", "--robot", "robots/no-such-robot")]
    [InlineData("sim", "--no-such-option")]
    [InlineData("edge", "--urls", "not a url")]
    public void Bad_arguments_exit_2_in_one_line(params string[] arguments)
    {
        string output = Run(ExitCodes.BadInput, arguments);
        Assert.DoesNotContain("   at ", output);
        Assert.StartsWith("robotedge: ", output.Trim());
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        string output = Run(ExitCodes.PreflightFailed, "sim", "--robot", TestRigs.DefaultRobotPath, "--report", _folder, "--verbose");
        Assert.Contains("is a directory", output);
        Assert.Contains("   at RobotEdge.Host.Preflight.PreflightChecks.CheckReportPath", output);
    }

    [Fact]
    public void Help_and_the_readme_document_every_exit_code()
    {
        string help = Run(ExitCodes.Ok, "--help");
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (int code in new[] { ExitCodes.Ok, ExitCodes.RunFailed, ExitCodes.BadInput, ExitCodes.PreflightFailed, ExitCodes.NothingFound })
        {
            Assert.Contains($" {code} ", help.ReplaceLineEndings(" "));
            Assert.Contains($"| {code} |", readme);
        }

        Assert.Contains("--verbose", help);
    }

    /// <summary>Runs the CLI, asserts its exit code and that it printed exactly one line without a stack trace; returns that line.</summary>
    private string RunAndGetTheOneLine(int exitCode, params string[] arguments)
    {
        string output = Run(exitCode, arguments);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("robotedge: ", line);
        // Refused before the rig was built: the model was never loaded, nothing was opened.
        Assert.DoesNotContain("Inference runs on", output);
        return line;
    }

    private string Run(int exitCode, params string[] arguments)
    {
        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), arguments);
        Assert.True(process.WaitForExit(Wait), $"robotedge {string.Join(' ', arguments)} did not exit");
        _output.WriteLine($"robotedge {string.Join(' ', arguments)} -> {process.ExitCode}");
        _output.WriteLine(process.Output);
        Assert.Equal(exitCode, process.ExitCode);
        return process.Output;
    }

    private static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "RobotEdge.sln")))
            {
                return dir;
            }
        }

        throw new DirectoryNotFoundException("no RobotEdge.sln above the test output");
    }
}
