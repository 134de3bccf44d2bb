using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Bus.Tests;

/// <summary>
/// Proves the "no managed allocation in steady state" rule for the bus primitives instead of
/// claiming it: after a warm-up pass (JIT tiers, lazy statics), the same operations repeated
/// 10,000 times allocate exactly 0 bytes on the calling thread.
/// </summary>
public sealed class HotPathAllocationTests
{
    private const int Operations = 10_000;

    [Fact]
    public void SpscRingWriteReadAllocatesNothing()
    {
        var ring = new SpscRing<JointGoal>(16);

        AssertNoAllocation(ring, static (r, n) =>
        {
            var goal = default(JointGoal);
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                goal.JointCount = i & 7;
                goal.PositionsRad[0] = i;
                r.TryWrite(goal);
                r.TryRead(out JointGoal read);
                sum += read.JointCount;
            }

            return sum;
        });
    }

    [Fact]
    public void LatestMailboxPublishTakePeekAllocatesNothing()
    {
        var mailbox = new LatestMailbox<JointGoal>();

        AssertNoAllocation(mailbox, static (m, n) =>
        {
            var goal = default(JointGoal);
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                goal.JointCount = i & 7;
                m.Publish(goal);
                m.TryTake(out JointGoal taken);
                m.Publish(goal);
                m.TryPeekLatest(out JointGoal peeked);
                sum += taken.JointCount + peeked.JointCount;
            }

            return sum;
        });
    }

    [Fact]
    public void LatestSlotExchangeTakeAllocatesNothing()
    {
        var pool = new FramePool(2, 2, 3);
        var slot = new LatestSlot<Frame>();

        AssertNoAllocation((pool, slot), static (state, n) =>
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                state.pool.TryRent(out Frame? a);
                state.pool.TryRent(out Frame? b);
                Frame? dropped = state.slot.Exchange(a!);
                dropped = state.slot.Exchange(b!) ?? dropped;
                Frame? taken = state.slot.TryTake();
                state.pool.Return(dropped!);
                state.pool.Return(taken!);
                sum += taken!.Width;
            }

            return sum + state.slot.Published;
        });
    }

    [Fact]
    public void FramePoolRentReturnAllocatesNothing()
    {
        var pool = new FramePool(2, 2, 4);

        AssertNoAllocation(pool, static (p, n) =>
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                p.TryRent(out Frame? a);
                p.TryRent(out Frame? b);
                p.Return(a!);
                p.Return(b!);
                sum += p.Outstanding;
            }

            return sum;
        });
    }

    [Fact]
    public void ClocksAllocateNothing()
    {
        var lockstep = new LockstepClock();

        AssertNoAllocation(lockstep, static (clock, n) =>
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                clock.Advance(1_000);
                sum += clock.NowNs + MonotonicClock.Instance.NowNs;
            }

            return sum;
        });
    }

    /// <summary>
    /// Runs <paramref name="operations"/> once to warm up, then measures the bytes a second run
    /// allocates on this thread. The delegates are static (no closure), and created before measuring.
    /// </summary>
    private static void AssertNoAllocation<TState>(TState state, Func<TState, int, long> operations)
    {
        operations(state, Operations);
        GC.GetAllocatedBytesForCurrentThread();

        long before = GC.GetAllocatedBytesForCurrentThread();
        long result = operations(state, Operations);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
        GC.KeepAlive(result);
    }
}
