using RobotEdge.Edge.Scheduling;

namespace RobotEdge.Edge.Tests.Scheduling;

public class ExecutionProfileTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void PredictsTheHighPercentileOfTheRecentWindow()
    {
        var profile = new ExecutionProfile(maxBatch: 2, initialPerItemNs: 5 * Ms, window: 100, percentile: 0.99);
        for (int i = 1; i <= 100; i++)
        {
            profile.Record(1, i * Ms / 10); // 0.1 .. 10 ms
        }

        Assert.Equal(99 * Ms / 10, profile.PredictNs(1));
        // The window slides: 100 new fast runs push every slow one out.
        for (int i = 0; i < 100; i++)
        {
            profile.Record(1, Ms);
        }

        Assert.Equal(Ms, profile.PredictNs(1));
    }

    [Fact]
    public void PredictsUnmeasuredSizesFromSmallerOnesAndNeverHidesAMeasuredOne()
    {
        var profile = new ExecutionProfile(maxBatch: 8, initialPerItemNs: 5 * Ms);
        Assert.Equal(10 * Ms, profile.PredictNs(2)); // nothing measured: the initial guess
        profile.Record(1, 2 * Ms);
        profile.Record(8, 30 * Ms); // superlinear, as on a CPU: kept as measured

        Assert.Equal(30 * Ms, profile.PredictNs(8));
        Assert.Equal(8 * Ms, profile.PredictNs(4)); // never measured: scaled from batch 1
    }
}
