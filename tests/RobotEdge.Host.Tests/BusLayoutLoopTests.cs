using RobotEdge.Host.Commands;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The whole loop with the joint ↔ device mapping taken from robot.json's <c>buses</c>: unusual ids,
/// offsets and a reversed direction. The bus applies the mapping on the wire and the simulator maps
/// the devices' true angles back through it for the camera, so tracking is as good as with identity.
/// </summary>
public class BusLayoutLoopTests
{
    [Theory]
    [InlineData("sim-dynamixel", 7, 3, 2.0, 4.5)]
    [InlineData("sim-feetech", 12, 4, 1.0, 3.5)]
    [InlineData("sim-slcan", 0x21, 0x22, 0.5, -1.25)]
    public void Loop_tracks_with_ids_offsets_and_directions_from_the_configuration(string uri, int panId, int tiltId, double panOffset, double tiltOffset)
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Buses =
        [
            new BusGroupConfig
            {
                Uri = uri,
                Joints =
                [
                    new BusJointConfig { Name = "pan", Id = panId, OffsetRad = panOffset, Direction = -1 },
                    new BusJointConfig { Name = "tilt", Id = tiltId, OffsetRad = tiltOffset, Direction = 1 },
                ],
            },
        ]);

        RunReport report = SimCommand.Run(rig, frames: 240, realTime: false, progress: null);

        Assert.True(report.FramesCommanded >= 235, $"only {report.FramesCommanded} frames reached the actuators");
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
        Assert.Equal(0, rig.Actuation.Bus.FaultedJointMask);
    }

    [Fact]
    public void Loop_tracks_with_its_joints_spread_over_a_dynamixel_chain_and_can_motors()
    {
        // Two buses, two I/O paths, one robot: pan on virtual X-series servos, tilt on a virtual MIT
        // motor behind SLCAN, joined by the composite bus; the camera renders from both truths.
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Buses =
        [
            new BusGroupConfig { Uri = "sim-dynamixel", Joints = [new BusJointConfig { Name = "pan", Id = 5, Direction = -1 }] },
            new BusGroupConfig { Uri = "sim-slcan", Joints = [new BusJointConfig { Name = "tilt", Id = 0x31, OffsetRad = 0.3 }] },
        ]);

        RunReport report = SimCommand.Run(rig, frames: 240, realTime: false, progress: null);

        Assert.IsType<Control.Buses.CompositeActuatorBus>(rig.Actuation.Bus);
        Assert.Equal(2, rig.Actuation.Members.Count);
        Assert.True(rig.Actuation.Members[0].ServoChain!.AppliedGoalCount > 1000, "pan must have been driven over its pty");
        Assert.True(report.FramesCommanded >= 235, $"only {report.FramesCommanded} frames reached the actuators");
        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
    }

    [Fact]
    public void Loop_tracks_when_a_bus_lists_the_joints_in_another_order()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false, c => c.Buses =
        [
            new BusGroupConfig
            {
                Uri = "sim-feetech",
                Joints = [new BusJointConfig { Name = "tilt", Id = 1 }, new BusJointConfig { Name = "pan", Id = 2 }],
            },
        ]);

        RunReport report = SimCommand.Run(rig, frames: 240, realTime: false, progress: null);

        Assert.True(report.TrackingErrorDegAfterSettle.P95 < 2.0, $"p95 tracking error {report.TrackingErrorDegAfterSettle.P95} deg");
        Assert.True(report.TrackingErrorDeg < 1.5, $"final tracking error {report.TrackingErrorDeg} deg");
    }

    [Fact]
    public void Simulator_refuses_a_real_device()
    {
        var e = Assert.Throws<InvalidDataException>(() => TestRigs.Build(realTime: false, c => c.Bus = "dynamixel:/dev/ttyUSB0@1000000"));
        Assert.Contains("cannot drive the simulator", e.Message, StringComparison.Ordinal);
    }
}
