using RobotEdge.Perception.Offload;

namespace RobotEdge.Perception.Tests.Offload;

public class ClockOffsetEstimatorTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void EstimatesTheOffsetFromTheShortestRoundTrip()
    {
        // The edge clock runs 5 s ahead of the robot's. Samples: (one-way out, server time, one-way back).
        const long Offset = 5_000 * Ms;
        var clock = new ClockOffsetEstimator();
        (long Out, long Server, long Back)[] pings = [(9 * Ms, Ms, 1 * Ms), (2 * Ms, Ms, 2 * Ms), (1 * Ms, 0, 30 * Ms)];
        long t = 100 * Ms;
        foreach ((long o, long server, long back) in pings)
        {
            long t1 = t + o + Offset;
            clock.AddSample(t, t1, t1 + server, t + o + server + back);
            t += 200 * Ms;
        }

        // The symmetric 4 ms round trip wins: its error bound (± 2 ms) is the smallest, and symmetric means exact.
        Assert.Equal(Offset, clock.OffsetNs);
        Assert.Equal(4 * Ms, clock.RoundTripNs);
        Assert.Equal(Offset + 7, clock.ToEdgeNs(7));
    }

    [Fact]
    public void AnAsymmetricPathBiasesTheEstimateByHalfTheAsymmetryAtMost()
    {
        var clock = new ClockOffsetEstimator();
        clock.AddSample(0, 9 * Ms + 1_000 * Ms, 9 * Ms + 1_000 * Ms, 10 * Ms); // 9 ms out, 1 ms back.

        Assert.Equal(1_000 * Ms + 4 * Ms, clock.OffsetNs); // true offset 1,000 ms; bias (9 − 1) / 2 = 4 ms
        Assert.True(Math.Abs(clock.OffsetNs - 1_000 * Ms) <= clock.RoundTripNs / 2);
    }

    [Fact]
    public void HasNoEstimateUntilAPingReturnsAndForgetsOnReset()
    {
        var clock = new ClockOffsetEstimator();
        Assert.False(clock.HasEstimate);
        clock.AddSample(0, 10, 11, 20);
        Assert.True(clock.HasEstimate);
        clock.Reset();
        Assert.False(clock.HasEstimate);
        Assert.Equal(0, clock.OffsetNs);
    }
}
