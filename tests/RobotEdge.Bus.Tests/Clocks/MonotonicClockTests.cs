using System.Diagnostics;
using RobotEdge.Bus.Clocks;

namespace RobotEdge.Bus.Tests.Clocks;

public sealed class MonotonicClockTests
{
    private const long NsPerSecond = 1_000_000_000;
    private const long SecondsPerYear = 31_557_600;

    [Fact]
    public void InstanceIsShared()
    {
        Assert.Same(MonotonicClock.Instance, MonotonicClock.Instance);
        Assert.IsAssignableFrom<IClock>(MonotonicClock.Instance);
    }

    [Fact]
    public void NeverGoesBackwards()
    {
        IClock clock = MonotonicClock.Instance;
        long previous = MonotonicClock.GetTimestampNs();
        for (int i = 0; i < 100_000; i++)
        {
            long now = (i & 1) == 0 ? clock.NowNs : MonotonicClock.GetTimestampNs();
            if (now < previous)
            {
                Assert.Fail($"Read {now} ns after {previous} ns.");
            }

            previous = now;
        }
    }

    [Fact]
    public void AgreesWithTheStopwatchCounter()
    {
        long frequency = Stopwatch.Frequency;

        long before = Stopwatch.GetTimestamp();
        long ns = MonotonicClock.GetTimestampNs();
        long after = Stopwatch.GetTimestamp();

        Assert.InRange(ns, MonotonicClock.TicksToNs(before, frequency), MonotonicClock.TicksToNs(after, frequency));
    }

    [Theory]
    [InlineData(1_000_000_000, 100)]
    [InlineData(10_000_000, 100)] // Windows QPC.
    [InlineData(24_000_000, 100)] // Apple silicon.
    [InlineData(19_200_000, 100)] // Many Arm generic timers.
    [InlineData(3_579_545, 100)] // ACPI power-management timer.
    [InlineData(2_500_000_000, 100)] // A raw TSC.
    [InlineData(10_000_000_000, 20)] // Beyond the range where remainder · 10⁹ fits a long.
    public void ConvertsTicksExactlyForLongUptimes(long frequency, long years)
    {
        long longUptimeTicks = years * SecondsPerYear * frequency + frequency - 1;
        long[] ticks = [0, 1, frequency - 1, frequency, frequency + 1, 922 * frequency + 7, longUptimeTicks];

        foreach (long t in ticks)
        {
            long expected = (long)((Int128)t * NsPerSecond / frequency);
            Assert.Equal(expected, MonotonicClock.TicksToNs(t, frequency));
        }
    }
}
