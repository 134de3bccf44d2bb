using System.Text.Json;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Capture → wire: the bus thread stamps the write that carries each frame's first command, the run
/// reports it beside capture → command, and figures without data read "n/a" (JSON null), never 0.
/// No test here asserts a time value or a miss count.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class WireLatencyTests
{
    [Fact]
    public void A_pty_backed_dynamixel_run_stamps_every_goal_write_the_virtual_servos_received()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => { c.Bus = "sim-dynamixel"; c.Buses = []; });
        var commandNs = new Dictionary<long, long>();
        var wireNs = new Dictionary<long, long>();
        RunStatistics? statistics = null;

        RunReport report = SimCommand.Run(rig, frames: 120, realTime: false, progress: null, observe: s =>
        {
            statistics = s;
            s.CommandObserved = c => commandNs[c.Stamp.Sequence] = c.CommandRealNs;
            s.WireObserved = w => wireNs[w.Stamp.Sequence] = w.WireRealNs;
        });

        Assert.True(report.FramesOnWire >= 115, $"only {report.FramesOnWire} of {report.FramesCommanded} commanded frames reached the wire");
        Assert.Equal(report.FramesOnWire, report.CaptureToWireMs.Samples);
        Assert.Equal(wireNs.Count, report.FramesOnWire);
        AssertWireNeverBeforeCommand(commandNs, wireNs);
        RunReport.BusThread bus = Assert.Single(report.BusThreads);
        Assert.StartsWith("servo-bus /dev/pts/", bus.Bus);
        Assert.Null(bus.RealtimeScheduling); // lockstep: the cycles run on the loop's thread

        // Ground truth from the other end of the pty: every Sync Write of goals the bus stamped was
        // received and applied by both virtual servos, and nothing else was.
        long stampedWrites = statistics!.BusWriteIntervalMs.Count + 1;
        VirtualServoChain chain = rig.Actuation.ServoChain!;
        Assert.True(SpinWait.SpinUntil(() => chain.AppliedGoalCount >= 2 * stampedWrites, 10_000),
            $"the servos applied {chain.AppliedGoalCount} goals, the bus stamped {stampedWrites} writes to 2 servos");
        Assert.Equal(2 * stampedWrites, chain.AppliedGoalCount);
        Assert.Equal(0, rig.Actuators.WireTimelines[0].DroppedCount);
    }

    [Fact]
    public void A_pty_backed_can_run_and_a_robot_over_two_buses_put_frames_on_the_wire()
    {
        // MIT motors behind SLCAN alone; then pan on a Dynamixel chain and tilt on a MIT motor: a frame
        // is on the wire only once both buses have written it, never before its command.
        foreach (Action<RobotConfig> configure in new Action<RobotConfig>[]
        {
            c => { c.Bus = "sim-slcan"; c.Buses = []; },
            c => c.Buses =
            [
                new BusGroupConfig { Uri = "sim-dynamixel", Joints = [new BusJointConfig { Name = "pan", Id = 5 }] },
                new BusGroupConfig { Uri = "sim-slcan", Joints = [new BusJointConfig { Name = "tilt", Id = 0x31 }] },
            ],
        })
        {
            using SimulatedRobotRig rig = TestRigs.Build(realTime: false, configure);
            var commandNs = new Dictionary<long, long>();
            var wireNs = new Dictionary<long, long>();

            RunReport report = SimCommand.Run(rig, frames: 120, realTime: false, progress: null, observe: s =>
            {
                s.CommandObserved = c => commandNs[c.Stamp.Sequence] = c.CommandRealNs;
                s.WireObserved = w => wireNs[w.Stamp.Sequence] = w.WireRealNs;
            });

            Assert.True(report.FramesOnWire >= 115, $"only {report.FramesOnWire} of {report.FramesCommanded} commanded frames reached the wire");
            AssertWireNeverBeforeCommand(commandNs, wireNs);
            Assert.Contains(report.BusThreads, b => b.Bus == "mit-can-bus");
            Assert.Equal(rig.Actuators.WireTimelines.Count, report.BusThreads.Count);
        }
    }

    [Fact]
    public void In_real_time_capture_to_wire_follows_capture_to_command_for_every_frame()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: true, c => { c.Bus = "sim-dynamixel"; c.Buses = []; });
        var commandNs = new Dictionary<long, long>();
        var wireNs = new Dictionary<long, long>();

        RunReport report = SimCommand.Run(rig, frames: 90, realTime: true, progress: null, observe: s =>
        {
            s.CommandObserved = c => commandNs[c.Stamp.Sequence] = c.CommandRealNs;
            s.WireObserved = w => wireNs[w.Stamp.Sequence] = w.WireRealNs;
        });

        Assert.True(report.FramesOnWire > 0, "no frame reached the wire");
        Assert.Equal(report.FramesOnWire, report.CaptureToWireMs.Samples);
        AssertWireNeverBeforeCommand(commandNs, wireNs);
        Assert.True(report.BusWriteIntervalMs.Samples > 0, "no interval between goal writes was measured");
        RunReport.BusThread bus = Assert.Single(report.BusThreads);
        Assert.NotNull(bus.RealtimeScheduling); // the I/O thread said whether it got SCHED_FIFO

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("captureToWireMs").GetProperty("p999").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("busWriteIntervalMs").GetProperty("max").ValueKind);
    }

    [Fact]
    public void The_in_memory_bus_puts_each_frame_on_the_wire_with_its_first_command()
    {
        // No wire: the write itself is the wire, on the control thread, right after the command was
        // handed over. Every commanded frame is on the wire, and never before its command.
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        var commandNs = new Dictionary<long, long>();
        var wireNs = new Dictionary<long, long>();

        RunReport report = SimCommand.Run(rig, frames: 90, realTime: false, progress: null, observe: s =>
        {
            s.CommandObserved = c => commandNs[c.Stamp.Sequence] = c.CommandRealNs;
            s.WireObserved = w => wireNs[w.Stamp.Sequence] = w.WireRealNs;
        });

        Assert.Equal(report.FramesCommanded, report.FramesOnWire);
        Assert.Equal(commandNs.Keys.Order(), wireNs.Keys.Order());
        AssertWireNeverBeforeCommand(commandNs, wireNs);
        Assert.Equal("sim bus (in memory)", Assert.Single(report.BusThreads).Bus);
    }

    [Fact]
    public void Figures_without_data_print_as_n_a_and_are_null_in_json()
    {
        // One frame: too short for the steady-state allocation figure and for tracking after settling;
        // a lockstep run has no real bus pacing, so no write intervals.
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        RunReport report = SimCommand.Run(rig, frames: 1, realTime: false, progress: null);
        var summary = new StringWriter();
        SummaryPrinter.Print(report, summary);
        string text = summary.ToString();

        Assert.Null(report.AllocatedBytesPerFrame);
        Assert.Null(report.TrackingErrorDegAfterSettle.P50);
        Assert.Null(report.BusWriteIntervalMs.Max);
        Assert.Contains("allocation        n/a bytes per frame", text);
        Assert.Contains("after settling p50 n/a  p95 n/a  max n/a deg", text);
        Assert.DoesNotContain("0.00 bytes", text);

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("allocatedBytesPerFrame").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("trackingErrorDegAfterSettle").GetProperty("p50").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("busWriteIntervalMs").GetProperty("p99").ValueKind);
        Assert.Equal(0, root.GetProperty("busWriteIntervalMs").GetProperty("samples").GetInt64());
    }

    [Fact]
    public void An_empty_distribution_is_n_a_everywhere()
    {
        RunReport.Distribution empty = RunReport.Distribution.Of(new LatencyRecorder(8));
        var one = new LatencyRecorder(8);
        one.Add(0);

        Assert.Equal("p50 n/a  p99 n/a  p99.9 n/a  max n/a", SummaryPrinter.Percentiles(empty));
        Assert.Null(empty.Mean);
        // A measured zero is a figure, not a missing one.
        Assert.Equal("p50 0.000  p99 0.000  p99.9 0.000  max 0.000", SummaryPrinter.Percentiles(RunReport.Distribution.Of(one)));
    }

    [Fact]
    public void The_wire_stamp_path_allocates_nothing_in_steady_state()
    {
        // The bus cycle that writes goals and stamps them, and the telemetry thread that drains the
        // stamps into the run's figures: both allocation-free once warm.
        var clock = new LockstepClock();
        using PseudoTerminal pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, clock, [1, 2]);
        var config = new ServoBusConfig
        {
            PortPath = pty.DevicePath,
            Protocol = ServoProtocol.DynamixelX,
            Joints = [new ServoJoint(1, Math.PI, 1), new ServoJoint(2, Math.PI, -1)],
            CycleTimeoutMs = 500,
        };
        using var bus = new SerialServoBus(config, clock);
        bus.Energize(); // goals go on the wire only once the robot is energised
        var statistics = new RunStatistics(new SpscRing<FrameRecord>(16), new SpscRing<CommandRecord>(16), new DeadlineConfig(), truth: null,
            minConfidence: 0.5f, capacity: 4_000, bus.WireTimelines);
        var command = new JointCommand { JointCount = 2, HasSourceFrame = true };
        var state = default(JointState);

        void Cycle(int i)
        {
            clock.Advance(1_000_000);
            command.PositionsRad[i % 2] = 0.001 * (i % 100);
            command.SourceFrame = new FrameStamp(i / 10, 0, MonotonicClock.GetTimestampNs());
            bus.Write(command);
            bus.PumpCycle();
            bus.TryRead(ref state);
            statistics.Drain();
        }

        for (int i = 0; i < 200; i++)
        {
            Cycle(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 200; i < 1_200; i++)
        {
            Cycle(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(120, statistics.FramesOnWire); // frames 0..119, ten cycles each: each on the wire once
        Assert.Equal(1_199, statistics.BusWriteIntervalMs.Count);
    }

    private static void AssertWireNeverBeforeCommand(Dictionary<long, long> commandNs, Dictionary<long, long> wireNs)
    {
        int both = 0;
        foreach ((long sequence, long wire) in wireNs)
        {
            Assert.True(commandNs.TryGetValue(sequence, out long command), $"frame {sequence} reached the wire without a command record");
            Assert.True(wire >= command, $"frame {sequence}: on the wire {(command - wire) / 1e6:F3} ms before its command was handed to the bus");
            both++;
        }

        Assert.True(both > 0, "no frame had both a command and a wire stamp");
    }
}
