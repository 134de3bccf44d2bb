using System.Text.Json;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Devices;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM stop every way of running <c>sim</c> the same way, on the real CLI in
/// its own process: a controlled stop, the summary printed, the report written with the frames that
/// ran, exit 0; <c>run</c> (a video clip, virtual Dynamixel servos on a pseudo-terminal) and
/// <c>perceive</c> the same. (<c>edge</c> under SIGTERM: <see cref="ServiceLifetimeTests"/>.)
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-signal-tests-" + Guid.NewGuid().ToString("n"));
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

    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    public void Run_stops_on_a_signal_with_the_joints_held_a_summary_and_its_report(string signal)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        RobotConfig config = RealRobotRunTests.WriteRobot(_folder, "file:clip.mkv?loop=true", pty.DevicePath);
        RigModel model = RigModel.Load(config);
        RealRobotRunTests.RenderClip(config, model, Path.Combine(_folder, "clip.mkv"));
        ServoBusConfig servos = ActuatorBusFactory.CreateServoConfig(model.Buses.Groups[0], ServoProtocol.DynamixelX, pty.DevicePath, 1_000_000);
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [.. servos.Joints.Select(j => j.ServoId)], new VirtualServoChainOptions
        {
            Joints = servos.Joints,
            InitialJointsRad = [0.0, 0.0],
            TimeConstantS = 0.015,
            MaxVelocityRadPerS = 6,
        });
        string report = Path.Combine(_folder, "run-report.json");

        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), "run", "--robot", _folder, "--quiet", "--report", report);
        Assert.True(process.WaitForOutput("control loop ticking", Wait), $"never running: {process.Output}");
        Thread.Sleep(TimeSpan.FromSeconds(2));
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
        Assert.Contains("controlled stop, joints held", process.Output);
        Assert.Contains($"report written to {report}", process.Output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.True(json.RootElement.GetProperty("frames").GetInt64() > 0);
        Assert.True(json.RootElement.GetProperty("endedHolding").GetBoolean());
        Assert.True(chain.AppliedGoalCount > 0, "the servos were never commanded");
    }

    [Fact]
    public void Perceive_stops_on_SIGTERM_with_its_figures_and_report()
    {
        RobotConfig config = RealRobotRunTests.WriteRobot(_folder, "file:clip.mkv?loop=true", "sim");
        RealRobotRunTests.RenderClip(config, null, Path.Combine(_folder, "clip.mkv"));
        string report = Path.Combine(_folder, "perceive-report.json");

        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(), "perceive", "--robot", _folder, "--report", report);
        Assert.True(process.WaitForOutput("source:", Wait), $"never running: {process.Output}");
        Thread.Sleep(TimeSpan.FromSeconds(3));
        process.Terminate();

        Assert.True(process.WaitForExit(Wait), $"no exit after SIGTERM: {process.Output}");
        _output.WriteLine(process.Output);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("SIGTERM received: stopping", process.Output);
        Assert.Contains(" frames at ", process.Output);
        Assert.Contains($"report written to {report}", process.Output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.True(json.RootElement.GetProperty("frames").GetInt64() > 0);
    }
}
