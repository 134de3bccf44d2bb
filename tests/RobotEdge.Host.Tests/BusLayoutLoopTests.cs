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
    public void Simulator_refuses_a_real_device_and_more_than_one_group()
    {
        var e = Assert.Throws<InvalidDataException>(() => TestRigs.Build(realTime: false, c => c.Bus = "dynamixel:/dev/ttyUSB0@1000000"));
        Assert.Contains("cannot drive the simulator", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<InvalidDataException>(() => TestRigs.Build(realTime: false, c => c.Buses =
        [
            new BusGroupConfig { Uri = "sim-dynamixel", Joints = [new BusJointConfig { Name = "pan" }] },
            new BusGroupConfig { Uri = "sim-slcan", Joints = [new BusJointConfig { Name = "tilt" }] },
        ]));
        Assert.Contains("the simulator drives one bus group", e.Message, StringComparison.Ordinal);
    }
}
