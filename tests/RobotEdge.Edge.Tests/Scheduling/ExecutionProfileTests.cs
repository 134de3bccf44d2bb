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
    public void OneOutlierNeverSetsThePrediction()
    {
        // 50 runs of 1 ms and one of 80 ms: a p99 over 51 runs is their maximum, the outlier.
        var profile = new ExecutionProfile(maxBatch: 1, initialPerItemNs: 5 * Ms);
        for (int i = 0; i < 50; i++)
        {
            profile.Record(1, Ms, i * Ms);
        }

        profile.Record(1, 80 * Ms, 50 * Ms);
        Assert.Equal(Ms, profile.PredictNs(1));

        // A second slow run is a slow phase, not an outlier.
        profile.Record(1, 80 * Ms, 51 * Ms);
        Assert.Equal(80 * Ms, profile.PredictNs(1));
    }

    [Fact]
    public void OldSlowRunsStopCountingAfterTheHorizon()
    {
        var profile = new ExecutionProfile(maxBatch: 1, initialPerItemNs: 5 * Ms, horizonNs: 1000 * Ms);
        for (int i = 0; i < 50; i++)
        {
            profile.Record(1, Ms, i * Ms); // 1 ms runs
        }

        profile.Record(1, 80 * Ms, 100 * Ms); // two runs stalled far past any deadline
        profile.Record(1, 80 * Ms, 101 * Ms);
        Assert.Equal(80 * Ms, profile.PredictNs(1));

        // Nothing runs for a while (a scheduler that believes the prediction rejects everything):
        // within the horizon the stalls still count; past it the prediction is the typical run
        // of the whole window again.
        profile.Expire(1100 * Ms);
        Assert.Equal(80 * Ms, profile.PredictNs(1));
        profile.Expire(1102 * Ms);
        Assert.Equal(Ms, profile.PredictNs(1));
        Assert.Equal(Ms, profile.TypicalNs(1));

        // A fresh run, alone in the horizon, is weighed against the window's typical run, not taken
        // for the whole truth; a fresh slow phase shows once it is two runs long.
        profile.Record(1, 2 * Ms, 1200 * Ms);
        Assert.Equal((Ms, Ms), (profile.TypicalNs(1), profile.PredictNs(1)));
        profile.Record(1, 2 * Ms, 1201 * Ms);
        Assert.Equal((Ms, 2 * Ms), (profile.TypicalNs(1), profile.PredictNs(1)));
    }

    [Fact]
    public void TheFirstRunAfterAnIdleSpellIsNotTheWholeTruth()
    {
        // Warm-up measured 18 runs of 1 ms at start-up; the first request, after more than the
        // horizon of idling, runs cold: 100 ms. Alone in the horizon it used to become both the
        // typical and the predicted time, and the frames after it were refused as unreachable.
        var profile = new ExecutionProfile(maxBatch: 1, initialPerItemNs: 5 * Ms, horizonNs: 1000 * Ms);
        for (int i = 0; i < 18; i++)
        {
            profile.Record(1, Ms, 0);
        }

        profile.Record(1, 100 * Ms, 2000 * Ms);

        Assert.Equal((Ms, Ms), (profile.TypicalNs(1), profile.PredictNs(1)));
    }
}
