using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Devices;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// <c>robotedge run</c> on real footage: the person_follower robot (BlazePose, follow-person) whose
/// camera is Debian opencv-doc's vtest.avi (pedestrians, 768×576: the 640×480 intrinsics are scaled
/// to it) and whose bus is a Dynamixel chain on a real pseudo-terminal answered by virtual servos.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class RealVideoFollowRunTests : IDisposable
{
    private const string Footage = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-host-tests-").FullName;
    private readonly ITestOutputHelper _output;

    public RealVideoFollowRunTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_run_on_pedestrian_footage_follows_a_person_with_the_servos_and_ends_holding()
    {
        Assert.True(File.Exists(Footage), $"{Footage} is missing: run scripts/bootstrap.sh (Debian opencv-doc)");
        using PseudoTerminal pty = PseudoTerminal.Open();
        RobotConfig config = WriteRobot(pty.DevicePath);
        RigModel model = RigModel.Load(config);
        ServoBusConfig servos = ActuatorBusFactory.CreateServoConfig(model.Buses.Groups[0], ServoProtocol.DynamixelX, pty.DevicePath, 1_000_000);
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [.. servos.Joints.Select(j => j.ServoId)], new VirtualServoChainOptions
        {
            Joints = servos.Joints,
            InitialJointsRad = [0.0, 0.0],
            TimeConstantS = 0.015,
            MaxVelocityRadPerS = 6,
        });

        int observed = 0, withPeople = 0, followed = 0;
        RunReport report;
        using (RealRobotRig rig = RealRobotRig.Build(config, NullLoggerFactory.Instance))
        {
            Assert.Equal((768, 576), (rig.Camera.Width, rig.Camera.Height));
            Assert.Equal(600, rig.Camera.Fx, 1e-9);
            void Observe(Telemetry.RunStatistics statistics) => statistics.FrameObserved = f =>
            {
                observed++;
                withPeople += f.Estimate.TargetsInView > 0 ? 1 : 0;
                followed += f.Estimate.TrackId != 0 ? 1 : 0;
            };

            // Four seconds of footage at its recorded 10 fps.
            report = RunCommand.Run(rig, 40, progress: null, Observe);
            Assert.Equal(SafetyMode.Stopped, rig.Safety.Mode);
            Assert.Equal(MotionState.Holding, rig.Safety.Motion);
            Assert.Equal(0, rig.Actuators.FaultedJointMask);
        }

        Assert.True(chain.TrueJointState.TryPeekLatest(out JointState held));
        _output.WriteLine($"{observed} frames: people in {withPeople}, someone followed in {followed}; {chain.AppliedGoalCount} goals applied; " +
                          $"servos hold at ({held.PositionsRad[0]:F3}, {held.PositionsRad[1]:F3}) rad");
        Assert.True(observed >= 20, $"only {observed} frames computed");
        Assert.True(withPeople >= observed / 2, $"people found in {withPeople} of {observed} frames");
        Assert.True(followed >= observed / 2, $"someone followed in {followed} of {observed} frames");
        // The pan-tilt head turned towards the people: the footage's camera does not turn with it, so
        // the offset never closes and the head keeps turning that way (open loop on a recording).
        Assert.True(report.FramesCommanded > 0);
        Assert.True(chain.AppliedGoalCount > 100, $"{chain.AppliedGoalCount} goal positions applied");
        Assert.True(Math.Abs(held.PositionsRad[0]) + Math.Abs(held.PositionsRad[1]) > 0.05,
            $"servos at ({held.PositionsRad[0]:F3}, {held.PositionsRad[1]:F3}) rad: the head did not move");
        Assert.True(report.EndedHolding, "the run did not end holding");
    }

    /// <summary>The person_follower robot with vtest.avi as its camera, the tiled-detection lite card and one Dynamixel bus (ids 1, 2) on <paramref name="port"/>.</summary>
    private RobotConfig WriteRobot(string port)
    {
        string robotFolder = Path.Combine(AppContext.BaseDirectory, "robots", "person_follower");
        JsonNode robot = JsonNode.Parse(File.ReadAllText(Path.Combine(robotFolder, RobotConfigLoader.FileName)))!;
        robot["urdf"] = Path.GetFullPath(Path.Combine(robotFolder, robot["urdf"]!.GetValue<string>()));
        robot["camera"]!["source"] = $"file:{Footage}";
        robot["model"]!["card"] = Path.Combine(robotFolder, "cards", "blazepose_lite_tiled.card.json");
        robot["buses"] = new JsonArray(new JsonObject
        {
            ["uri"] = $"dynamixel:{port}@1000000",
            ["joints"] = new JsonArray(new JsonObject { ["name"] = "pan", ["id"] = 1 }, new JsonObject { ["name"] = "tilt", ["id"] = 2 }),
        });
        robot.AsObject().Remove("bus");
        robot.AsObject().Remove("sim");
        File.WriteAllText(Path.Combine(_folder, RobotConfigLoader.FileName), robot.ToJsonString());
        return RobotConfigLoader.Load(_folder);
    }
}
