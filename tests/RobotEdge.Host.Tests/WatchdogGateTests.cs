using RobotEdge.Host.Hosting;

namespace RobotEdge.Host.Tests;

/// <summary>The systemd watchdog is fed only while the robot loop's counters advance (pure logic, no timing).</summary>
public sealed class WatchdogGateTests
{
    [Fact]
    public void A_running_loop_is_fed_a_stalled_control_loop_or_compute_stage_is_not_and_a_recovered_one_is_again()
    {
        var gate = new WatchdogGate();
        long ticks = 0, passes = 0;

        // Not running yet: nothing to vouch for.
        Assert.False(gate.ShouldFeed(ticks, passes));

        // Running: 500 ticks and ~25 compute passes per half interval.
        for (int period = 0; period < 10; period++)
        {
            ticks += 500;
            passes += 25;
            Assert.True(gate.ShouldFeed(ticks, passes), $"period {period}");
        }

        // The control loop stalls (its thread blocked on the bus): not fed, period after period.
        for (int period = 0; period < 3; period++)
        {
            passes += 25;
            Assert.False(gate.ShouldFeed(ticks, passes), $"control stalled, period {period}");
        }

        // It recovers.
        ticks += 1;
        passes += 25;
        Assert.True(gate.ShouldFeed(ticks, passes));

        // The compute stage hangs (inference never returns) while control keeps ticking: not fed.
        ticks += 500;
        Assert.False(gate.ShouldFeed(ticks, passes));
        ticks += 500;
        Assert.False(gate.ShouldFeed(ticks, passes));
    }

    [Fact]
    public void The_interval_comes_from_WATCHDOG_USEC_for_this_process_only()
    {
        Assert.True(SystemdWatchdog.TryGetInterval("2000000", null, 42, out TimeSpan interval));
        Assert.Equal(TimeSpan.FromSeconds(2), interval);
        Assert.True(SystemdWatchdog.TryGetInterval("500000", "42", 42, out interval));
        Assert.Equal(TimeSpan.FromMilliseconds(500), interval);

        Assert.False(SystemdWatchdog.TryGetInterval(null, null, 42, out _));
        Assert.False(SystemdWatchdog.TryGetInterval("", "42", 42, out _));
        Assert.False(SystemdWatchdog.TryGetInterval("2000000", "41", 42, out _));

        Assert.Contains("WATCHDOG_USEC", Assert.Throws<FormatException>(() => SystemdWatchdog.TryGetInterval("2s", null, 42, out _)).Message);
        Assert.Contains("WATCHDOG_USEC", Assert.Throws<FormatException>(() => SystemdWatchdog.TryGetInterval("0", null, 42, out _)).Message);
        Assert.Contains("WATCHDOG_PID", Assert.Throws<FormatException>(() => SystemdWatchdog.TryGetInterval("2000000", "x", 42, out _)).Message);
    }
}
