using RobotEdge.Sim.Scenarios;

namespace RobotEdge.Sim.Tests;

public class TargetTrajectoryTests
{
    private static TargetDefinition Path(bool loop) => new()
    {
        Loop = loop,
        Waypoints =
        [
            new WaypointDefinition { TimeS = 0, Position = [1, 0, 0] },
            new WaypointDefinition { TimeS = 2, Position = [1, 1, 0] },
            new WaypointDefinition { TimeS = 4, Position = [1, 1, 1] },
        ],
    };

    [Fact]
    public void PassesThroughWaypointsAndEasesBetweenThem()
    {
        var t = new TargetTrajectory(Path(loop: false));
        Assert.Equal(0, t.PositionAt(0).Y, 12);
        Assert.Equal(1, t.PositionAt(2).Y, 12);
        Assert.Equal(0.5, t.PositionAt(1).Y, 12);          // cosine easing is symmetric
        Assert.Equal(0.5 - 0.5 * Math.Cos(Math.PI * 0.25), t.PositionAt(0.5).Y, 12);
        Assert.Equal(1, t.PositionAt(10).Z, 12);           // holds the last waypoint without looping
    }

    [Fact]
    public void LoopsBackToTheStart()
    {
        var t = new TargetTrajectory(Path(loop: true));
        // Period 4 s, then 2 s back to the first waypoint: a 6 s cycle.
        Assert.Equal(t.PositionAt(1).Y, t.PositionAt(7).Y, 12);
        Assert.Equal(0.5, t.PositionAt(5).Z, 12);          // halfway back from (1,1,1) to (1,0,0)
    }
}
