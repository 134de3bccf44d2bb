using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Tests.Support;

namespace RobotEdge.Bus.Tests.Clocks;

[Collection(StressCollection.Name)]
public sealed class LockstepClockTests
{
    [Fact]
    public void StartsAtZeroOrAtTheGivenTime()
    {
        Assert.Equal(0, new LockstepClock().NowNs);
        Assert.Equal(1_500, new LockstepClock(1_500).NowNs);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LockstepClock(-1));
    }

    [Fact]
    public void AdvanceAddsTheDelta()
    {
        IClock view;
        var clock = new LockstepClock(100);
        view = clock;

        clock.Advance(2_000_000);
        clock.Advance(0);
        clock.Advance(5);

        Assert.Equal(2_000_105, view.NowNs);
    }

    [Fact]
    public void AdvanceRejectsNegativeDeltaAndOverflow()
    {
        var clock = new LockstepClock(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(-1));
        Assert.Equal(10, clock.NowNs);

        Assert.Throws<OverflowException>(() => clock.Advance(long.MaxValue));
        Assert.Equal(10, clock.NowNs);
    }

    [Fact]
    public void AdvanceToMovesForwardAndRejectsGoingBack()
    {
        var clock = new LockstepClock();

        clock.AdvanceTo(1_000);
        clock.AdvanceTo(1_000);
        Assert.Equal(1_000, clock.NowNs);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(999));
        Assert.Equal(1_000, clock.NowNs);
    }

    [Fact]
    public void ReaderOnAnotherThreadSeesTimeOnlyMoveForward()
    {
        const long Steps = 200_000;
        const long StepNs = 1_000_000;
        var clock = new LockstepClock();
        var stepper = new WorkerThread("lockstep stepper", () =>
        {
            for (long i = 0; i < Steps; i++)
            {
                clock.Advance(StepNs);
            }
        });

        long previous = 0;
        try
        {
            stepper.Go();
            while (true)
            {
                bool finished = stepper.IsFinished;
                long now = clock.NowNs;
                if (now < previous || now % StepNs != 0)
                {
                    Assert.Fail($"Read {now} ns after {previous} ns.");
                }

                previous = now;
                if (finished)
                {
                    break;
                }
            }
        }
        finally
        {
            stepper.Join();
        }

        Assert.Equal(Steps * StepNs, previous);
    }
}
