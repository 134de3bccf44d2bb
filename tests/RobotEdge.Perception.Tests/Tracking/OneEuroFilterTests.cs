using RobotEdge.Perception.Tracking;

namespace RobotEdge.Perception.Tests.Tracking;

/// <summary>The One-Euro filter against inputs whose right answer is known: jitter at rest, lag on a ramp.</summary>
public class OneEuroFilterTests
{
    private const long PeriodNs = 33_333_333; // 30 Hz
    private const double Dt = PeriodNs * 1e-9;

    [Fact]
    public void AStillSignalsJitterIsCutToTheLowPassAtTheMinimumCutoff()
    {
        // Fixed seed: the same 3,000 Gaussian samples (σ = 1 px around 100 px) every run.
        var random = new Random(42);
        var filter = new OneEuroFilter(minCutoffHz: 1.0, beta: 0.0);
        double sumSq = 0;
        int n = 0;
        for (int i = 0; i < 3000; i++)
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double y = filter.Filter(100 + noise, i * PeriodNs);
            if (i >= 100)
            {
                sumSq += (y - 100) * (y - 100);
                n++;
            }
        }

        // An exponential smoother with factor α passes white noise with variance α / (2 − α).
        double alpha = OneEuroFilter.Alpha(1.0, Dt);
        double expectedStd = Math.Sqrt(alpha / (2 - alpha));
        double std = Math.Sqrt(sumSq / n);
        Assert.InRange(std, 0.85 * expectedStd, 1.15 * expectedStd);
        Assert.True(std < 0.45, $"jitter {std:F3} px of 1 px");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void RampLagIsWhatTheSpeedDependentCutoffGives(double beta)
    {
        // A keypoint moving at 300 px/s: once the speed estimate has settled on 300 px/s, the cutoff is
        // fc = 1 + β·300 Hz and the steady lag of the exponential smoother is v·dt·(1 − α)/α.
        const double speed = 300;
        var filter = new OneEuroFilter(minCutoffHz: 1.0, beta: beta);
        double lag = 0;
        for (int i = 0; i < 600; i++)
        {
            double truth = speed * i * Dt;
            lag = truth - filter.Filter(truth, i * PeriodNs);
        }

        double alpha = OneEuroFilter.Alpha(1.0 + beta * speed, Dt);
        double expectedLag = speed * Dt * (1 - alpha) / alpha;
        Assert.Equal(expectedLag, lag, 1e-6);
        Assert.Equal(speed, filter.Speed, 1e-6);
    }

    [Fact]
    public void SpeedCoefficientTradesJitterForLag()
    {
        // With β the moving keypoint lags less than the fixed 1 Hz low-pass: 300 px/s at β = 0.05 gives
        // a 16 Hz cutoff, cutting the lag from ~45 px to under 3 px.
        double LagAt(double beta)
        {
            var f = new OneEuroFilter(1.0, beta);
            double lag = 0;
            for (int i = 0; i < 300; i++)
            {
                lag = 300 * i * Dt - f.Filter(300 * i * Dt, i * PeriodNs);
            }

            return lag;
        }

        Assert.True(LagAt(0) > 40, $"plain low-pass lag {LagAt(0):F1} px");
        Assert.True(LagAt(0.05) < 3, $"One-Euro lag {LagAt(0.05):F2} px");
    }

    [Fact]
    public void FirstSamplePassesThroughAndResetRestarts()
    {
        var filter = new OneEuroFilter(1.0, 0.01);
        Assert.Equal(5.0, filter.Filter(5.0, 0));
        Assert.NotEqual(50.0, filter.Filter(50.0, PeriodNs));
        filter.Reset();
        Assert.Equal(50.0, filter.Filter(50.0, 2 * PeriodNs));
    }
}
