using RobotEdge.Perception.Offload;

namespace RobotEdge.Perception.Tests.Offload;

public class RoutePlannerTests
{
    private const long Ms = 1_000_000;

    [Theory]
    [InlineData(false, true, 5, 8, 40, OffloadRoute.OnBoard)]   // no connection: on board
    [InlineData(true, false, 0, 8, 40, OffloadRoute.Edge)]      // nothing measured yet: try the edge, fallback still fits
    [InlineData(true, true, 5, 8, 40, OffloadRoute.Edge)]       // 5 + 8 ≤ 40: offload, the fallback fits after a timeout
    [InlineData(true, true, 35, 8, 40, OffloadRoute.Hedged)]    // 35 + 8 > 40: both at once
    [InlineData(true, true, 60, 8, 40, OffloadRoute.Hedged)]    // edge too slow: hedge, which keeps measuring it
    public void ChoosesFromMeasuredTimes(bool healthy, bool measured, long edgeMs, long onBoardMs, long leftMs, OffloadRoute expected) =>
        Assert.Equal(expected, RoutePlanner.Choose(healthy, measured, edgeMs * Ms, onBoardMs * Ms, leftMs * Ms));
}
