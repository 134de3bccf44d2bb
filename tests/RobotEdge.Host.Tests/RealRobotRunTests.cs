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
using RobotEdge.Host.Telemetry;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Devices;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Capture;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// <c>robotedge run</c> with real parts: a robot.json whose camera is a video file the test renders
/// from the simulator (so the truth is known) and whose bus is a Dynamixel chain on a real
/// pseudo-terminal, answered by virtual X-series servos (the test's side only; the rig never sees them).
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class RealRobotRunTests : IDisposable
{
    private const int ClipFrames = 30;
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-host-tests-").FullName;
    private readonly ITestOutputHelper _output;

    public RealRobotRunTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_real_robot_run_sees_the_true_keypoints_drives_the_servos_and_ends_holding_on_cancel()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        RobotConfig config = WriteRobot($"file:clip.mkv?loop=true", pty.DevicePath);
        RigModel model = RigModel.Load(config);
        FrameGroundTruth[] truth = RenderClip(config, model, Path.Combine(_folder, "clip.mkv"));

        ServoBusConfig servos = ActuatorBusFactory.CreateServoConfig(model.Buses.Groups[0], ServoProtocol.DynamixelX, pty.DevicePath, 1_000_000);
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [.. servos.Joints.Select(j => j.ServoId)], new VirtualServoChainOptions
        {
            Joints = servos.Joints,
            InitialJointsRad = [0.0, 0.0],
            TimeConstantS = 0.015,
            MaxVelocityRadPerS = 6,
        });

        var errorsPx = new List<double>();
        int missed = 0, observed = 0;
        using var cancel = new CancellationTokenSource();
        RunReport report;
        JointGoal lastGoal;
        using (RealRobotRig rig = RealRobotRig.Build(config, NullLoggerFactory.Instance))
        {
            void Observe(RunStatistics statistics) => statistics.FrameObserved = f =>
            {
                // The clip loops: frame n shows clip frame n mod its length.
                FrameGroundTruth t = truth[f.Stamp.Sequence % ClipFrames];
                for (int k = 0; k < 4; k++)
                {
                    if ((t.VisibleMask & (1 << k)) == 0)
                    {
                        continue;
                    }

                    var estimate = f.Estimate.Keypoints[k];
                    if (estimate.Confidence < rig.Perception.MinConfidence)
                    {
                        missed++;
                        continue;
                    }

                    errorsPx.Add(Math.Sqrt(Math.Pow(estimate.XPx - t.Markers[k].U, 2) + Math.Pow(estimate.YPx - t.Markers[k].V, 2)));
                }

                // Ctrl+C after a clip and a half: the loop must come to a controlled stop from motion.
                if (++observed == ClipFrames * 3 / 2)
                {
                    cancel.Cancel();
                }
            };

            report = RunCommand.Run(rig, int.MaxValue, progress: null, Observe, cancel.Token);
            Assert.True(rig.Goals.TryPeekLatest(out lastGoal));
            Assert.Equal(SafetyMode.Stopped, rig.Safety.Mode);
            Assert.Equal(MotionState.Holding, rig.Safety.Motion);
            Assert.Equal(0, rig.Actuators.FaultedJointMask);
        }

        errorsPx.Sort();
        _output.WriteLine($"{observed} frames, {errorsPx.Count} keypoints (median error {errorsPx[errorsPx.Count / 2]:F3} px, max {errorsPx[^1]:F3} px, {missed} missed); " +
                          $"{chain.AppliedGoalCount} goals applied; planner asked ({lastGoal.PositionsRad[0]:F3}, {lastGoal.PositionsRad[1]:F3}) rad");

        // Perception on the decoded clip matches what the simulator rendered.
        Assert.True(observed >= ClipFrames, $"only {observed} frames processed");
        Assert.True(errorsPx.Count >= observed * 3, $"{errorsPx.Count} keypoints found in {observed} frames ({missed} below confidence)");
        Assert.True(errorsPx[errorsPx.Count / 2] < 1.5, $"median keypoint error {errorsPx[errorsPx.Count / 2]:F2} px");
        Assert.True(errorsPx[^1] < 4.0, $"largest keypoint error {errorsPx[^1]:F2} px");

        // The planner's goals reached the servos: they moved from 0 towards the side the planner asked for.
        Assert.True(report.FramesCommanded > 0);
        Assert.True(chain.AppliedGoalCount > 100, $"{chain.AppliedGoalCount} goal positions applied");
        Assert.True(chain.TrueJointState.TryPeekLatest(out JointState held));
        _output.WriteLine($"servos hold at ({held.PositionsRad[0]:F3}, {held.PositionsRad[1]:F3}) rad, ended holding: {report.EndedHolding}");
        for (int j = 0; j < 2; j++)
        {
            double asked = lastGoal.PositionsRad[j];
            Assert.True(Math.Abs(asked) > 0.05, $"joint {j}: planner asked for {asked:F3} rad, the target is off-centre");
            Assert.True(Math.Sign(held.PositionsRad[j]) == Math.Sign(asked) && Math.Abs(held.PositionsRad[j]) > 0.03,
                $"joint {j}: servo at {held.PositionsRad[j]:F3} rad, planner asked {asked:F3} rad");
        }

        // Controlled stop: the report says so, the servos are still (torque on, holding where they stopped).
        Assert.True(report.EndedHolding, "the run did not end holding");
        Thread.Sleep(100);
        Assert.True(chain.TrueJointState.TryPeekLatest(out JointState later));
        for (int j = 0; j < 2; j++)
        {
            Assert.True(Math.Abs(later.VelocitiesRadPerS[j]) < 0.02, $"joint {j} still moving at {later.VelocitiesRadPerS[j]:F3} rad/s");
            Assert.Equal(held.PositionsRad[j], later.PositionsRad[j], 0.005);
        }
    }

    [Fact]
    public void Run_refuses_the_simulator_and_names_a_missing_camera_or_port()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();

        var simCamera = Assert.Throws<ArgumentException>(() => RealRobotRig.Build(WriteRobot("sim", pty.DevicePath), NullLoggerFactory.Instance));
        Assert.Contains("robotedge sim", simCamera.Message);

        var simBus = Assert.Throws<ArgumentException>(() => RealRobotRig.Build(WriteRobot("file:clip.mkv", "sim-dynamixel"), NullLoggerFactory.Instance));
        Assert.Contains("sim-dynamixel", simBus.Message);
        Assert.Contains("robotedge sim", simBus.Message);

        var noCamera = Assert.Throws<FileNotFoundException>(() => RealRobotRig.Build(WriteRobot("v4l2:/dev/video-robotedge-missing", pty.DevicePath), NullLoggerFactory.Instance));
        Assert.Contains("/dev/video-robotedge-missing", noCamera.Message);

        RenderClip(WriteRobot("file:clip.mkv", pty.DevicePath), null, Path.Combine(_folder, "clip.mkv"), frames: 2);
        const string MissingPort = "/dev/ttyUSB-robotedge-missing";
        var noPort = Assert.Throws<IOException>(() => RealRobotRig.Build(WriteRobot("file:clip.mkv", MissingPort), NullLoggerFactory.Instance));
        Assert.Contains(MissingPort, noPort.Message);
        Assert.Equal(ExitCodes.PreflightFailed, RunCommand.Execute(Path.Combine(_folder, "robot.json"), 10, null, quiet: true));
    }

    /// <summary>Copies the default robot into the test folder with this camera source and one Dynamixel bus (ids 1, 2) on <paramref name="port"/>.</summary>
    private RobotConfig WriteRobot(string cameraSource, string port) => WriteRobot(_folder, cameraSource, port);

    /// <summary>Copies the default robot into <paramref name="folder"/> with this camera source and one Dynamixel bus (ids 1, 2) on <paramref name="port"/>.</summary>
    internal static RobotConfig WriteRobot(string folder, string cameraSource, string port)
    {
        string source = TestRigs.DefaultRobotPath;
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        JsonNode robot = JsonNode.Parse(File.ReadAllText(Path.Combine(source, RobotConfigLoader.FileName)))!;
        robot["camera"]!["source"] = cameraSource;
        robot["model"]!["card"] = Path.Combine(folder, "models", "marker_pose.card.json");
        string uri = port.StartsWith("sim", StringComparison.Ordinal) ? port : $"dynamixel:{port}@1000000";
        robot["buses"] = new JsonArray(new JsonObject
        {
            ["uri"] = uri,
            ["joints"] = new JsonArray(new JsonObject { ["name"] = "pan", ["id"] = 1 }, new JsonObject { ["name"] = "tilt", ["id"] = 2 }),
        });
        File.WriteAllText(Path.Combine(folder, RobotConfigLoader.FileName), robot.ToJsonString());
        return RobotConfigLoader.Load(folder);
    }

    /// <summary>
    /// Renders a still target off the camera's axis (right and below) from the robot's zero pose into
    /// an FFV1 clip at the camera's rate; returns each frame's truth.
    /// </summary>
    internal static FrameGroundTruth[] RenderClip(RobotConfig config, RigModel? model, string path, int frames = ClipFrames)
    {
        model ??= RigModel.Load(config);
        Transform3d cameraPose = model.Chain.ComputeTipPose(new double[model.Chain.DofCount]);
        // Optical frame: x right, y down, z forward.
        Vec3d centre = cameraPose.TransformPoint(new Vec3d(0.25, 0.15, 1.6));
        var target = new MarkerTarget(new TargetDefinition
        {
            MarkerSpacingM = config.Target.MarkerSpacingM,
            MarkerRadiusM = 0.02,
            Loop = false,
            Waypoints = [new WaypointDefinition { TimeS = 0, Position = [centre.X, centre.Y, centre.Z] }],
        });
        var renderer = new SceneRenderer(model.Camera);
        var pixels = new byte[model.Camera.Width * model.Camera.Height * 3];
        var truth = new FrameGroundTruth[frames];
        using var writer = new VideoFileWriter(path, "FFV1", config.Camera.Fps, model.Camera.Width, model.Camera.Height);
        for (int i = 0; i < frames; i++)
        {
            renderer.Render(cameraPose, target, i / config.Camera.Fps, pixels, ref truth[i]);
            writer.Write(pixels, model.Camera.Width * 3);
        }

        return truth;
    }
}
