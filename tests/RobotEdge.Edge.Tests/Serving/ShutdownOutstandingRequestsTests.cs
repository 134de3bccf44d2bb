using RobotEdge.Edge.Serving.Connections;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// The bookkeeping that lets a shutdown answer every request the executor did not: requests in
/// flight per connection, added by the receive loop, removed by answers, taken by the shutdown.
/// </summary>
public sealed class ShutdownOutstandingRequestsTests
{
    [Fact]
    public void Requests_beyond_the_capacity_are_refused_and_answered_ones_free_their_slot()
    {
        var outstanding = new OutstandingRequests(capacity: 4);
        for (long s = 1; s <= 4; s++)
        {
            Assert.True(outstanding.TryAdd(s));
        }

        Assert.False(outstanding.TryAdd(5));
        Assert.Equal(4, outstanding.Count);

        Assert.True(outstanding.TryRemove(2));
        Assert.False(outstanding.TryRemove(2));
        Assert.False(outstanding.TryRemove(99));
        Assert.True(outstanding.TryAdd(5));
        Assert.Equal(4, outstanding.Count);
    }

    [Fact]
    public void The_shutdown_takes_exactly_the_requests_left_unanswered_duplicates_included()
    {
        var outstanding = new OutstandingRequests(capacity: 8);
        foreach (long s in new long[] { 10, 11, 11, 12, -3, long.MinValue })
        {
            Assert.True(outstanding.TryAdd(s));
        }

        Assert.True(outstanding.TryRemove(11));
        Assert.True(outstanding.TryRemove(12));

        var taken = new List<long>();
        while (outstanding.TryTakeAny(out long s))
        {
            taken.Add(s);
        }

        Assert.Equal(new long[] { long.MinValue, -3, 10, 11 }, taken.Order());
        Assert.Equal(0, outstanding.Count);
    }

    [Fact]
    public void One_adder_and_a_concurrent_answerer_balance_exactly()
    {
        // The receive loop adds while the executor answers, as in a run: every request added is
        // removed exactly once, whatever the interleaving.
        const int Requests = 200_000;
        var outstanding = new OutstandingRequests(capacity: 32);
        var handedOver = new System.Collections.Concurrent.BlockingCollection<long>(boundedCapacity: 32);
        long removed = 0;
        var answerer = Task.Run(() =>
        {
            foreach (long s in handedOver.GetConsumingEnumerable())
            {
                removed += outstanding.TryRemove(s) ? 1 : 0;
            }
        });

        long added = 0;
        for (long s = 0; s < Requests;)
        {
            if (outstanding.TryAdd(s))
            {
                added++;
                handedOver.Add(s);
                s++;
            }
            else
            {
                Thread.Yield(); // all 32 in flight: wait for answers, as a robot's requests would be refused
            }
        }

        handedOver.CompleteAdding();
        answerer.Wait(TimeSpan.FromSeconds(60));
        Assert.Equal(Requests, added);
        Assert.Equal(Requests, removed);
        Assert.Equal(0, outstanding.Count);
        Assert.False(outstanding.TryTakeAny(out _));
    }
}
