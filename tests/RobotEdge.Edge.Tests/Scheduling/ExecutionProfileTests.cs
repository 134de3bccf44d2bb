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
            profile.Record(1, i * Ms / 10, i * Ms); // 0.1 .. 10 ms
        }

        Assert.Equal(99 * Ms / 10, profile.PredictNs(1));
        // The window slides: 100 new fast runs push every slow one out.
        for (int i = 0; i < 100; i++)
        {
            profile.Record(1, Ms, (100 + i) * Ms);
        }

        Assert.Equal(Ms, profile.PredictNs(1));
    }

    [Fact]
    public void PredictsUnmeasuredSizesFromSmallerOnesAndNeverHidesAMeasuredOne()
    {
        var profile = new ExecutionProfile(maxBatch: 8, initialPerItemNs: 5 * Ms);
        Assert.Equal(10 * Ms, profile.PredictNs(2)); // nothing measured: the initial guess
        profile.Record(1, 2 * Ms, 0);
        profile.Record(8, 30 * Ms, 0); // superlinear, as on a CPU: kept as measured

        Assert.Equal(30 * Ms, profile.PredictNs(8));
        Assert.Equal(8 * Ms, profile.PredictNs(4)); // never measured: scaled from batch 1
    }

    [Fact]
    public void AnOldSlowRunStopsCountingAfterTheHorizon()
    {
        var profile = new ExecutionProfile(maxBatch: 1, initialPerItemNs: 5 * Ms, horizonNs: 1000 * Ms);
        for (int i = 0; i < 50; i++)
        {
            profile.Record(1, Ms, i * Ms); // 1 ms runs
        }

        profile.Record(1, 80 * Ms, 100 * Ms); // one run stalled far past any deadline
        Assert.Equal(80 * Ms, profile.PredictNs(1)); // with 51 samples the p99 is the slowest

        // Nothing runs for a while (a scheduler that believes the prediction rejects everything):
        // within the horizon the stall still counts; past it the prediction is the typical run again.
        profile.Expire(1099 * Ms);
        Assert.Equal(80 * Ms, profile.PredictNs(1));
        profile.Expire(1101 * Ms);
        Assert.Equal(Ms, profile.PredictNs(1));
        Assert.Equal(Ms, profile.TypicalNs(1));

        // Fresh runs are predicted from themselves only.
        profile.Record(1, 2 * Ms, 1200 * Ms);
        Assert.Equal(2 * Ms, profile.PredictNs(1));
    }
}
