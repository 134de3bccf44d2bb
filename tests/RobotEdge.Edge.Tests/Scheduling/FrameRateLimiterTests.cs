using RobotEdge.Edge.Scheduling;

namespace RobotEdge.Edge.Tests.Scheduling;

public class FrameRateLimiterTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void ABurstOfThreeConformsAndTheFourthDoesNot()
    {
        var limiter = new FrameRateLimiter(robots: 2, defaultFrameRateHz: 30, slack: 0.2, burstFrames: 3);

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limiter.Conforms(0, 1000 * Ms)));
        // Robot 1 has its own bucket.
        Assert.True(limiter.Conforms(1, 1000 * Ms));
    }

    [Fact]
    public void AFloodEarnsNothingAndTheRateResumesAtOnce()
    {
        var limiter = new FrameRateLimiter(robots: 1, defaultFrameRateHz: 30, slack: 0.2, burstFrames: 3);
        long interval = limiter.IntervalOf(0);
        Assert.Equal(27_777_777, interval); // 1 s / (30 Hz × 1.2)

        // 1,000 requests in one second: the burst, then one per interval.
        int conforming = Enumerable.Range(0, 1000).Count(i => limiter.Conforms(0, i * Ms));
        Assert.Equal(3 + 999 * Ms / interval, conforming);

        // After the flood, a robot back at 30 Hz conforms every frame.
        for (int k = 1; k <= 30; k++)
        {
            Assert.True(limiter.Conforms(0, 1000 * Ms + 60 * Ms + k * 33_333_333));
        }
    }

    [Fact]
    public void ADeclaredRateReplacesTheDefaultAndNonsenseIsNamed()
    {
        var limiter = new FrameRateLimiter(robots: 1, defaultFrameRateHz: 30, slack: 0.2, burstFrames: 1);
        limiter.Declare(0, 100);
        Assert.Equal((long)(1e9 / 120), limiter.IntervalOf(0));
        limiter.Declare(0, 0); // not declared: the default again
        Assert.Equal(27_777_777, limiter.IntervalOf(0));

        Assert.Null(FrameRateLimiter.Check(0));
        Assert.Null(FrameRateLimiter.Check(240));
        foreach (double nonsense in new[] { double.NaN, double.PositiveInfinity, -1, 240.5 })
        {
            Assert.Contains("frame rate", FrameRateLimiter.Check(nonsense));
            Assert.Throws<ArgumentOutOfRangeException>(() => limiter.Declare(0, nonsense));
        }
    }
}
