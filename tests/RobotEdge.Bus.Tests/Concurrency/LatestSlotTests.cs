using System.Collections.Concurrent;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Tests.Support;
using Xunit.Abstractions;

namespace RobotEdge.Bus.Tests.Concurrency;

[Collection(StressCollection.Name)]
public sealed class LatestSlotTests(ITestOutputHelper output)
{
    [Fact]
    public void EmptySlotHasNothingToTake()
    {
        var slot = new LatestSlot<Token>();

        Assert.Null(slot.TryTake());
        Assert.Null(slot.Drain());
        Assert.Equal(0, slot.Published);
        Assert.Equal(0, slot.Dropped);
    }

    [Fact]
    public void ConsumerTakesWhatWasPublishedOnce()
    {
        var slot = new LatestSlot<Token>();
        var a = new Token();

        Assert.Null(slot.Exchange(a));

        Assert.Same(a, slot.TryTake());
        Assert.Null(slot.TryTake());
        Assert.Equal(1, slot.Published);
        Assert.Equal(0, slot.Dropped);
    }

    [Fact]
    public void NewerItemHandsTheUntakenOneBackToTheProducer()
    {
        var slot = new LatestSlot<Token>();
        var a = new Token();
        var b = new Token();

        slot.Exchange(a);
        Token? handedBack = slot.Exchange(b);

        Assert.Same(a, handedBack);
        Assert.Same(b, slot.TryTake());
        Assert.Equal(2, slot.Published);
        Assert.Equal(1, slot.Dropped);
    }

    [Fact]
    public void DrainEmptiesTheSlot()
    {
        var slot = new LatestSlot<Token>();
        var a = new Token();
        slot.Exchange(a);

        Assert.Same(a, slot.Drain());
        Assert.Null(slot.TryTake());
        Assert.Null(slot.Drain());
    }

    [Fact]
    public void RejectsNull()
    {
        var slot = new LatestSlot<Token>();

        Assert.Throws<ArgumentNullException>(() => slot.Exchange(null!));
        Assert.Equal(0, slot.Published);
    }

    [Fact]
    public void EveryObjectHasExactlyOneOwnerAndTheCountsAddUp()
    {
        const long Items = 200_000;
        const int PoolSize = 4;
        const long YieldMask = 255;
        var slot = new LatestSlot<Token>();
        var tokens = new Token[PoolSize];
        for (int i = 0; i < PoolSize; i++)
        {
            tokens[i] = new Token();
        }

        // Consumer → producer path for taken objects. Only the producer pops its free stack.
        var recycled = new ConcurrentQueue<Token>();
        var free = new Stack<Token>(tokens);
        using var stop = new CancellationTokenSource();
        long droppedSeenByProducer = 0;

        var producer = new WorkerThread("slot producer", () =>
        {
            for (long sequence = 1; sequence <= Items; sequence++)
            {
                Token? token;
                var spin = default(SpinWait);
                while (!free.TryPop(out token) && !recycled.TryDequeue(out token))
                {
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    spin.SpinOnce(sleep1Threshold: -1);
                }

                token.Move(Owner.Free, Owner.Producer);
                token.Sequence = sequence;

                // In the slot from before the exchange: the consumer may take it right after.
                token.Move(Owner.Producer, Owner.InSlot);
                Token? handedBack = slot.Exchange(token);
                if (handedBack is not null)
                {
                    handedBack.Move(Owner.InSlot, Owner.Free);
                    free.Push(handedBack);
                    droppedSeenByProducer++;
                }

                if ((sequence & YieldMask) == 0)
                {
                    // Should both threads still share one core (a busy machine), let the consumer in
                    // now and then; otherwise the whole run can fit in one time slice.
                    Thread.Yield();
                }
            }
        });

        long taken = 0;
        long lastSequence = 0;
        try
        {
            producer.Go();
            var spin = default(SpinWait);
            while (true)
            {
                bool producerFinished = producer.IsFinished;
                Token? token = slot.TryTake();
                if (token is not null)
                {
                    token.Move(Owner.InSlot, Owner.Consumer);
                    if (token.Sequence <= lastSequence)
                    {
                        Assert.Fail($"Took sequence {token.Sequence} after {lastSequence}.");
                    }

                    lastSequence = token.Sequence;
                    taken++;
                    token.Move(Owner.Consumer, Owner.Free);
                    recycled.Enqueue(token);
                    spin.Reset();
                    continue;
                }

                if (producerFinished)
                {
                    break;
                }

                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Join();
        }

        int remaining = slot.Drain() is null ? 0 : 1;
        Assert.Equal(Items, slot.Published);
        Assert.Equal(droppedSeenByProducer, slot.Dropped);
        Assert.Equal(slot.Published, taken + slot.Dropped + remaining);
        Assert.Equal(Items, lastSequence);
        Assert.Equal(PoolSize, free.Count + recycled.Count);
        Assert.All(tokens, t => Assert.Equal(Owner.Free, t.Owner));
        output.WriteLine($"published {slot.Published}, taken {taken}, dropped {slot.Dropped}");
    }

    private enum Owner
    {
        Free = 0,
        Producer = 1,
        InSlot = 2,
        Consumer = 3,
    }

    /// <summary>A pooled object that records who owns it, so that a double hand-out is caught.</summary>
    private sealed class Token
    {
        private int _owner;

        public long Sequence { get; set; }

        public Owner Owner => (Owner)Volatile.Read(ref _owner);

        /// <summary>Transfers ownership; fails if the object was not owned by <paramref name="from"/>.</summary>
        public void Move(Owner from, Owner to)
        {
            int found = Interlocked.CompareExchange(ref _owner, (int)to, (int)from);
            if (found != (int)from)
            {
                throw new InvalidOperationException($"Moving from {from} to {to}, but the owner is {(Owner)found}.");
            }
        }
    }
}
