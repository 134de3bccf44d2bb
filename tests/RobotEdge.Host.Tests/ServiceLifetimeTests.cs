using System.Net.Sockets;
using System.Text.RegularExpressions;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Devices;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// <c>robotedge run</c> and <c>robotedge edge</c> as systemd starts them: the real CLI in its own
/// process with <c>NOTIFY_SOCKET</c> naming a datagram socket the test binds and
/// <c>WATCHDOG_USEC</c> set; the robot's camera is an FFV1 clip, its bus a Dynamixel chain on a
/// pseudo-terminal answered by virtual servos (as in <see cref="RealRobotRunTests"/>). Timeouts are
/// generous waits, never assertions on time.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed partial class ServiceLifetimeTests : IDisposable
{
    /// <summary>Watchdog interval given to the service: it feeds every half of it.</summary>
    private const string WatchdogUsec = "1000000";

    private static readonly TimeSpan StartWait = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-host-tests-").FullName;
    private readonly ITestOutputHelper _output;

    public ServiceLifetimeTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_is_ready_once_the_servos_are_commanded_feeds_the_watchdog_and_on_SIGTERM_holds_the_joints_and_exits_0()
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
        var goals = new List<(byte Id, int Ticks)>();
        chain.GoalApplied = (id, ticks) =>
        {
            lock (goals)
            {
                goals.Add((id, ticks));
            }
        };
        long GoalCount()
        {
            lock (goals)
            {
                return goals.Count;
            }
        }

        // Each notification is stamped with how many goals the servos had applied when it arrived.
        using var notify = new NotifySocket(GoalCount);
        using var robot = new RobotEdgeProcess(_folder, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = WatchdogUsec },
            "run", "--robot", _folder);
        try
        {
            Assert.True(notify.WaitFor("READY=1", StartWait, gaveUp: () => robot.HasExited), "no READY=1");
            long goalsAtReady = notify.Messages.First(m => m.Message == "READY=1").Sample;
            Assert.True(goalsAtReady > 0, "READY=1 came before the servos had been commanded");

            // Fed while it runs: three more after READY.
            int fedAtReady = notify.Count("WATCHDOG=1");
            Assert.True(notify.WaitFor("WATCHDOG=1", Wait, fedAtReady + 3, () => robot.HasExited), "the watchdog is not being fed");
            Assert.False(robot.HasExited);

            robot.Terminate();
            Assert.True(robot.WaitForExit(Wait), "no exit after SIGTERM");
            _output.WriteLine(robot.Output);
            Assert.Equal(0, robot.ExitCode);
        }
        finally
        {
            _output.WriteLine(string.Join(", ", notify.Messages.Select(m => $"{m.Message}@{m.Sample}").Distinct()));
        }

        Assert.Contains("controlled stop, joints held", robot.Output);
        (string _, long goalsAtStopping) = Assert.Single(notify.Messages, m => m.Message == "STOPPING=1");

        // After the stop the servos got only the hold: each servo's goals end in a run of the same position.
        (byte Id, int Ticks)[] afterStop;
        lock (goals)
        {
            afterStop = [.. goals.Skip((int)goalsAtStopping)];
        }

        _output.WriteLine($"{goalsAtStopping} goals before STOPPING=1, {afterStop.Length} after");
        foreach (byte id in servos.Joints.Select(j => j.ServoId))
        {
            int[] last = [.. afterStop.Where(g => g.Id == id).Select(g => g.Ticks).TakeLast(5)];
            Assert.True(last.Length == 5, $"servo {id}: {last.Length} goals after the stop, the hold was not commanded");
            Assert.All(last, t => Assert.Equal(last[0], t));
        }

        // The process is gone and the servos hold still where they stopped.
        Assert.True(chain.TrueJointState.TryPeekLatest(out JointState held));
        long goalsAtExit = GoalCount();
        Thread.Sleep(200);
        Assert.Equal(goalsAtExit, GoalCount());
        Assert.True(chain.TrueJointState.TryPeekLatest(out JointState later));
        for (int j = 0; j < 2; j++)
        {
            Assert.True(Math.Abs(later.VelocitiesRadPerS[j]) < 0.02, $"joint {j} still moving at {later.VelocitiesRadPerS[j]:F3} rad/s");
            Assert.Equal(held.PositionsRad[j], later.PositionsRad[j], 0.005);
        }
    }

    [Fact]
    public void Edge_is_ready_once_it_accepts_connections_and_exits_0_on_SIGTERM()
    {
        RealRobotRunTests.WriteRobot(_folder, "sim", "sim");
        using var notify = new NotifySocket();
        using var edge = new RobotEdgeProcess(_folder, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path },
            "edge", "--urls", "http://127.0.0.1:0", "--robot", _folder);
        Assert.True(notify.WaitFor("READY=1", StartWait, gaveUp: () => edge.HasExited), $"no READY=1: {edge.Output}");

        // The address line is written before the host reports ready; its pipe may trail the datagram.
        Match address = Match.Empty;
        for (int i = 0; i < 500 && !address.Success; i++)
        {
            address = EdgeAddress().Match(edge.Output);
            Thread.Sleep(i == 0 ? 0 : 20);
        }

        Assert.True(address.Success, edge.Output);
        using (var client = new TcpClient())
        {
            client.Connect("127.0.0.1", int.Parse(address.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(client.Connected);
        }

        edge.Terminate();
        Assert.True(edge.WaitForExit(Wait), "no exit after SIGTERM");
        _output.WriteLine(edge.Output);
        Assert.Equal(0, edge.ExitCode);
        Assert.Equal(1, notify.Count("STOPPING=1"));
        Assert.Contains("served 0 of 0 requests", edge.Output);
    }

    [GeneratedRegex(@"edge server on http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex EdgeAddress();
}
