using Google.Protobuf;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.ModelGeneration.Onnx;
using RobotEdge.Perception.Models;
using Xunit.Abstractions;

namespace RobotEdge.Host.Tests;

/// <summary>
/// One fault path, thread by thread: the robot runs in real time against the simulator, a fault is
/// injected where a real one happens (the camera's read, the model in ONNX Runtime, the planner, the bus's I/O
/// thread, the bus write on the control thread, the console's thread), and each test checks the same
/// ending: the fault is the run's (thread named), the e-stop latched, the joints stopped within the
/// controlled-stop bound of the simulator's true state at the fault and held still, the command layer
/// exits 1, and the cause is one line. Generous waits, no timing assertions.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Frames (at the robot's 30 fps) the robot tracks before the fault: it is in motion, past warm-up.</summary>
    private const int FramesBeforeFault = 75;

    /// <summary>Longest a test waits for a run to end by itself: a safety net, not an assertion.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Slack on the time from the fault to the e-stop taking hold, s: the next control tick (2 ms),
    /// plus whatever a loaded CI machine delays a thread. Generous: the bound it enters is a distance.
    /// </summary>
    private const double DetectionSlackS = 0.25;

    /// <summary>How far a held joint may drift while it is watched, rad (the simulated servo's settling).</summary>
    private const double HeldToleranceRad = 0.002;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-fault-tests-" + Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void A_camera_that_throws_stops_the_robot_and_the_command_exits_1()
    {
        using FaultInjectionRig rig = FaultInjectionRig.Build();
        rig.FailingCamera.FailAfterFrames = FramesBeforeFault;

        Ending ending = RunUntilFault(rig);

        ending.AssertFault("camera", typeof(IOException), "No such device");
    }

    [Fact]
    public void A_model_that_fails_in_onnx_runtime_stops_the_robot_and_the_command_exits_1()
    {
        // A real ONNX Runtime failure on the compute thread: the marker model with a data-dependent
        // Gather whose index leaves its table when the picture is uniform (a lens cap), as a model
        // with a shape or index defect fails only on some inputs.
        string card = WriteModelThatFailsOnUniformPictures();
        using FaultInjectionRig rig = FaultInjectionRig.Build(c => c.Model.Card = card);
        rig.FailingCamera.BlankValue = (byte)ModelCard.Load(card).Input.PadValue[0];
        rig.FailingCamera.BlankAfterFrames = FramesBeforeFault;

        Ending ending = RunUntilFault(rig);

        ending.AssertFault("compute", exceptionType: null, "out of");
    }

    [Fact]
    public void A_planner_that_throws_stops_the_robot_and_the_command_exits_1()
    {
        // The planner runs on the compute thread after perception: its fault is that thread's.
        using FaultInjectionRig rig = FaultInjectionRig.Build();

        Ending ending = RunUntilFault(rig, afterWarmUp: () => rig.FailingPlanner.FailAfterPlans = FramesBeforeFault);

        ending.AssertFault("compute", typeof(ArithmeticException), "goal is NaN");
    }

    [Fact]
    public void A_bus_whose_io_thread_dies_stops_the_robot_and_the_command_exits_1()
    {
        using FaultInjectionRig rig = FaultInjectionRig.Build();
        rig.FailingBus.IoFailsAfterWrites = FramesBeforeFault * (long)(rig.Config.Control.RateHz / rig.Config.Camera.Fps);

        Ending ending = RunUntilFault(rig, expectHold: false);

        // The control thread polled IoFailure and reported it as the bus thread's fault. With the
        // bus's I/O gone the stop cannot be commanded: the actuators keep their last command, which the
        // bound still covers, and the line says the hold was not confirmed.
        ending.AssertFault("bus", typeof(IOException), "Input/output error");
        Assert.Contains("the actuators keep their last command", ending.Error);
        Assert.False(ending.Outcome.EndedHolding);
    }

    [Fact]
    public void A_control_thread_that_throws_is_taken_over_by_the_watchdog_which_stops_and_holds()
    {
        using FaultInjectionRig rig = FaultInjectionRig.Build();
        long writesBefore = FramesBeforeFault * (long)(rig.Config.Control.RateHz / rig.Config.Camera.Fps);
        rig.FailingBus.WriteThrowsAfterWrites = writesBefore;

        Ending ending = RunUntilFault(rig);

        ending.AssertFault("control", typeof(InvalidOperationException), "the bus drives 2");
        Assert.True(rig.FailingBus.Writes > writesBefore + 10, $"only {rig.FailingBus.Writes - writesBefore} commands after the control thread failed: the watchdog did not take over");
    }

    [Fact]
    public void A_console_thread_that_reports_a_fault_stops_the_robot_and_the_command_exits_1()
    {
        using FaultInjectionRig rig = FaultInjectionRig.Build();
        // The console's threads report through ConsoleOptions.Faults, which is the rig's heartbeat.
        var console = new Thread(() =>
        {
            while (rig.Heartbeat.FramesComputed < FramesBeforeFault && rig.Heartbeat.Fault is null)
            {
                Thread.Sleep(5);
            }

            rig.MarkFault();
            rig.Heartbeat.ReportFault("console", new InvalidOperationException("the video encoder's buffer was returned twice"));
        }) { Name = "robotedge-console-test", IsBackground = true };
        console.Start();

        Ending ending = RunUntilFault(rig);
        console.Join();

        ending.AssertFault("console", typeof(InvalidOperationException), "returned twice");
    }

    [Fact]
    public void An_observer_that_throws_on_the_telemetry_thread_stops_the_robot_and_the_command_exits_1()
    {
        using FaultInjectionRig rig = FaultInjectionRig.Build();
        long observed = 0;

        Ending ending = RunUntilFault(rig, observe: statistics => statistics.FrameObserved = _ =>
        {
            if (++observed == FramesBeforeFault)
            {
                rig.MarkFault();
                throw new FormatException("the chart's sample could not be formatted");
            }
        });

        ending.AssertFault("telemetry", typeof(FormatException), "could not be formatted");
    }

    [Fact]
    public void In_lockstep_a_reported_fault_ends_the_frames_and_the_joints_stop_and_hold_in_simulated_time()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, rig.Config.Deadline, new SimulatedFrameTruth(rig.CameraSource.GroundTruth),
            rig.Perception.MinConfidence, 10_000) { Health = rig.Health };
        rig.WarmUp();
        JointState atFault = default;
        long faultAtFrame = -1;

        // The progress callback runs on the lockstep thread between frames: a fault reported there is
        // seen before the next frame, as a console thread's would be.
        RunOutcome outcome = LockstepRunner.Run(rig, statistics, 1_000, (frames, _) =>
        {
            if (frames > FramesBeforeFault && faultAtFrame < 0)
            {
                faultAtFrame = frames;
                Assert.True(rig.Actuation.TrueState.TryPeekLatest(out atFault));
                rig.Heartbeat.ReportFault("console", new InvalidOperationException("the console's snapshot thread failed"));
            }
        });

        var summary = new StringWriter();
        var error = new StringWriter();
        int exitCode = RunConclusion.Conclude(rig, RunReport.From(rig, outcome, realTime: false), reportPath: null, stopRequested: false, summary, error);
        output.WriteLine(summary.ToString());
        output.WriteLine(error.ToString());

        Assert.Equal(faultAtFrame, outcome.FramesCaptured);
        Assert.Equal(ExitCodes.RunFailed, exitCode);
        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("robotedge: the console thread failed (InvalidOperationException: the console's snapshot thread failed); the robot was brought to a controlled stop and is held", line);
        Assert.True(outcome.EndedHolding);
        Assert.True(rig.Safety.IsEmergencyStopLatched);
        Assert.True(rig.Actuation.TrueState.TryPeekLatest(out JointState end));
        double deceleration = rig.Config.Safety.EmergencyStopDecelerationRadPerS2;
        double lagS = rig.Config.Sim.ActuatorTimeConstantMs * 1e-3;
        for (int j = 0; j < end.JointCount; j++)
        {
            // In simulated time the stop starts at the first tick after the fault: no detection slack.
            double v = Math.Abs(atFault.VelocitiesRadPerS[j]);
            double bound = v * (1.0 / rig.Config.Camera.Fps + 3 * lagS) + v * v / (2 * deceleration) + HeldToleranceRad;
            double travel = Math.Abs(end.PositionsRad[j] - atFault.PositionsRad[j]);
            output.WriteLine($"joint {j}: {v:F3} rad/s at the fault, travelled {travel:F4} rad (bound {bound:F4}), {end.VelocitiesRadPerS[j]:F4} rad/s at the end");
            Assert.True(travel <= bound, $"joint {j} travelled {travel:F4} rad, bound {bound:F4}");
            Assert.True(Math.Abs(end.VelocitiesRadPerS[j]) < 0.01, $"joint {j} still moving at {end.VelocitiesRadPerS[j]:F4} rad/s");
        }
    }

    /// <summary>Runs the rig until its fault ends the run, then concludes it as the commands do.</summary>
    private Ending RunUntilFault(FaultInjectionRig rig, bool expectHold = true, Action<RunStatistics>? observe = null, Action? afterWarmUp = null)
    {
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, rig.Config.Deadline, new SimulatedFrameTruth(rig.SimulatedCamera.GroundTruth),
            rig.Perception.MinConfidence, 10_000) { Health = rig.Health };
        observe?.Invoke(statistics);
        rig.WarmUp();
        afterWarmUp?.Invoke();
        // The model has run (warm-up) and nothing is energised yet: only the runner's start does that, once.
        Assert.Equal(0, rig.FailingBus.EnergizeCalls);
        using var limit = new CancellationTokenSource(RunLimit);
        RunOutcome outcome = RealtimeRunner.Run(rig, statistics, int.MaxValue, cancel: limit.Token);
        Assert.False(limit.IsCancellationRequested, "the run did not end by itself after the fault");
        Assert.Equal(1, rig.FailingBus.EnergizeCalls);

        var summary = new StringWriter();
        var error = new StringWriter();
        int exitCode = RunConclusion.Conclude(rig, RunReport.From(rig, outcome, realTime: true), reportPath: null, stopRequested: false, summary, error);
        output.WriteLine(summary.ToString());
        output.WriteLine(error.ToString());

        // The simulator's joints after the run: sampled for 300 ms with nothing commanding them.
        var held = new List<JointState>();
        for (int i = 0; i < 30; i++)
        {
            Assert.True(rig.Actuation.TrueState.TryPeekLatest(out JointState s));
            held.Add(s);
            Thread.Sleep(10);
        }

        return new Ending(rig, outcome, exitCode, summary.ToString(), error.ToString(), held, expectHold, output);
    }

    /// <summary>
    /// The marker model with a fault that only some pictures reach: Gather(table[1], index) where
    /// index = (max(image) == min(image)), so a uniform picture indexes past the table and ONNX Runtime
    /// throws; added as 0 to the heatmaps, it changes nothing on every other picture.
    /// </summary>
    private string WriteModelThatFailsOnUniformPictures()
    {
        ModelCard generated = MarkerPoseModelGenerator.Generate(_folder, "marker_pose_defect");
        ModelProto model = MarkerPoseModelGenerator.BuildModel(generated.Input.Width, generated.Input.Height);
        GraphProto graph = model.Graph;
        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == "heatmaps")
                {
                    node.Output[i] = "heatmaps_raw";
                }
            }
        }

        graph.Initializer.Add(new TensorProto { Name = "defect_table", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 1 }, RawData = ByteString.CopyFrom(new byte[4]) });
        graph.Node.Add(Node("ReduceMax", ["image"], ["pixel_max"], new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
        graph.Node.Add(Node("ReduceMin", ["image"], ["pixel_min"], new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
        graph.Node.Add(Node("Equal", ["pixel_max", "pixel_min"], ["uniform"]));
        graph.Node.Add(Node("Cast", ["uniform"], ["defect_index"], new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Int64 }));
        graph.Node.Add(Node("Gather", ["defect_table", "defect_index"], ["defect_zero"]));
        graph.Node.Add(Node("Add", ["heatmaps_raw", "defect_zero"], ["heatmaps"]));
        File.WriteAllBytes(generated.ModelPath, model.ToByteArray());
        return generated.SourcePath!;
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>How a run ended, and the checks every fault-injection test makes of it.</summary>
    private sealed record Ending(FaultInjectionRig Rig, RunOutcome Outcome, int ExitCode, string Summary, string Error, List<JointState> Held, bool ExpectHold,
        ITestOutputHelper Output)
    {
        public void AssertFault(string thread, Type? exceptionType, string messagePart)
        {
            RunFault fault = Assert.IsType<RunFault>(Rig.Heartbeat.Fault);
            Assert.Equal(thread, fault.Thread);
            if (exceptionType is not null)
            {
                Assert.IsType(exceptionType, fault.Exception);
            }

            // The command layer: exit code 1 and one line naming the thread and the cause.
            Assert.Equal(ExitCodes.RunFailed, ExitCode);
            string line = Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith($"robotedge: the {thread} thread failed (", line);
            Assert.Contains(messagePart, line);
            Assert.DoesNotContain(" at ", line);

            // The e-stop latched; the safety layer brought the joints to a hold (when commands reach them).
            Assert.True(Rig.Safety.IsEmergencyStopLatched, $"causes {Rig.Safety.Causes}");
            if (ExpectHold)
            {
                Assert.Equal(MotionState.Holding, Rig.Safety.Motion);
                Assert.True(Outcome.EndedHolding, "the run did not end holding");
                Assert.Contains("controlled stop, joints held", Summary);
                Assert.Contains("brought to a controlled stop and is held", line);
            }

            // Against the simulator's truth: from the state at the fault, each joint travels no more than
            // its stop takes (its speed over the detection slack and the actuator's lag, then the e-stop's
            // deceleration), and then stays where it stopped.
            JointState atFault = Assert.IsType<JointState>(Rig.TrueStateAtFault);
            JointState first = Held[0];
            double deceleration = Rig.Config.Safety.EmergencyStopDecelerationRadPerS2;
            double lagS = Rig.Config.Sim.ActuatorTimeConstantMs * 1e-3;
            for (int j = 0; j < atFault.JointCount; j++)
            {
                double v = Math.Abs(atFault.VelocitiesRadPerS[j]);
                double bound = v * (DetectionSlackS + 3 * lagS) + v * v / (2 * deceleration) + HeldToleranceRad;
                double travel = Math.Abs(first.PositionsRad[j] - atFault.PositionsRad[j]);
                Output.WriteLine($"joint {j}: {v:F3} rad/s at the fault, travelled {travel:F4} rad (bound {bound:F4})");
                Assert.True(travel <= bound, $"joint {j} travelled {travel:F4} rad after the fault, bound {bound:F4} rad");
                double drift = Held.Max(s => Math.Abs(s.PositionsRad[j] - first.PositionsRad[j]));
                Assert.True(drift <= HeldToleranceRad, $"joint {j} moved {drift:F4} rad while it should be held");
            }
        }
    }
}
