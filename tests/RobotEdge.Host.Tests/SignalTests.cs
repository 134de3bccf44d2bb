using System.Text.Json;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM stop every way of running <c>sim</c> the same way, on the real CLI in
/// its own process: a controlled stop, the summary printed, the report written with the frames that
/// ran, exit 0. (<c>run</c> and <c>edge</c> under SIGTERM: <see cref="ServiceLifetimeTests"/>.)
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-signal-tests", Guid.NewGuid().ToString("n"));
    private readonly ITestOutputHelper _output;

    public SignalTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("lockstep", "SIGINT")]
    [InlineData("lockstep", "SIGTERM")]
    [InlineData("realtime", "SIGINT")]
    [InlineData("realtime", "SIGTERM")]
    [InlineData("console", "SIGINT")]
    [InlineData("console", "SIGTERM")]
    public void Sim_stops_on_a_signal_with_a_controlled_stop_a_summary_and_its_report(string mode, string signal)
    {
        string report = Path.Combine(_folder, "report.json");
        List<string> arguments = ["sim", "--robot", TestRigs.DefaultRobotPath, "--frames", "1000000", "--quiet", "--report", report];
        string running = "Inference runs on";
        if (mode == "realtime")
        {
            arguments.Add("--realtime");
        }
        else if (mode == "console")
        {
            // --console runs until stopped: no --frames.
            arguments = ["sim", "--robot", TestRigs.DefaultRobotPath, "--console", "http://127.0.0.1:0", "--report", report];
            running = "operator console: http";
        }

        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), [.. arguments]);
        Assert.True(process.WaitForOutput(running, Wait), $"never running: {process.Output}");
        // Let it run a while: frames pass, the joints move.
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.False(process.HasExited, process.Output);
        if (signal == "SIGINT")
        {
            process.Interrupt();
        }
        else
        {
            process.Terminate();
        }

        Assert.True(process.WaitForExit(Wait), $"no exit after {signal}: {process.Output}");
        _output.WriteLine(process.Output);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains($"{signal} received: stopping", process.Output);
        Assert.Contains("controlled stop, joints held", process.Output);
        Assert.Contains($"report written to {report}", process.Output);
        Assert.DoesNotContain("   at ", process.Output);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        long frames = json.RootElement.GetProperty("frames").GetInt64();
        Assert.InRange(frames, 1, 999_999);
        Assert.True(json.RootElement.GetProperty("endedHolding").GetBoolean());
    }
}
