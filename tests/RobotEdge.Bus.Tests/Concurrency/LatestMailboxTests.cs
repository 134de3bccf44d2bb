using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Tests.Support;
using Xunit.Abstractions;

namespace RobotEdge.Bus.Tests.Concurrency;

[Collection(StressCollection.Name)]
public sealed class LatestMailboxTests(ITestOutputHelper output)
{
    [Fact]
    public void EmptyMailboxHasNothingToTakeOrPeek()
    {
        var mailbox = new LatestMailbox<Wide>();

        Assert.False(mailbox.TryTake(out Wide taken));
        Assert.False(mailbox.TryPeekLatest(out Wide peeked));
        Assert.Equal(default, taken);
        Assert.Equal(default, peeked);
        AssertCounts(mailbox, published: 0, taken: 0, overwritten: 0);
    }

    [Fact]
    public void TakeReturnsEachPublishedValueOnce()
    {
        var mailbox = new LatestMailbox<Wide>();

        mailbox.Publish(new Wide(1));

        Assert.True(mailbox.TryTake(out Wide value));
        Assert.Equal(new Wide(1), value);
        Assert.False(mailbox.TryTake(out value));
        Assert.Equal(default, value);
        AssertCounts(mailbox, published: 1, taken: 1, overwritten: 0);
    }

    [Fact]
    public void TakeReturnsTheNewestAndCountsTheSkippedAsOverwritten()
    {
        var mailbox = new LatestMailbox<Wide>();

        mailbox.Publish(new Wide(1));
        mailbox.Publish(new Wide(2));
        mailbox.Publish(new Wide(3));

        Assert.True(mailbox.TryTake(out Wide value));
        Assert.Equal(new Wide(3), value);
        Assert.False(mailbox.TryTake(out _));
        AssertCounts(mailbox, published: 3, taken: 1, overwritten: 2);
    }

    [Fact]
    public void PeekDoesNotConsumeFreshness()
    {
        var mailbox = new LatestMailbox<Wide>();
        mailbox.Publish(new Wide(1));

        Assert.True(mailbox.TryPeekLatest(out Wide first));
        Assert.True(mailbox.TryPeekLatest(out Wide second));
        Assert.True(mailbox.TryTake(out Wide taken));
        Assert.False(mailbox.TryTake(out _));

        Assert.Equal(new Wide(1), first);
        Assert.Equal(new Wide(1), second);
        Assert.Equal(new Wide(1), taken);
        AssertCounts(mailbox, published: 1, taken: 1, overwritten: 0);
    }

    [Fact]
    public void PeekKeepsReturningTheLatestAfterItWasTaken()
    {
        var mailbox = new LatestMailbox<Wide>();
        mailbox.Publish(new Wide(7));
        Assert.True(mailbox.TryTake(out _));

        Assert.True(mailbox.TryPeekLatest(out Wide value));

        Assert.Equal(new Wide(7), value);
        Assert.False(mailbox.TryTake(out _));
    }

    [Fact]
    public void PeekedValueReplacedBeforeTakeCountsAsOverwritten()
    {
        var mailbox = new LatestMailbox<Wide>();
        mailbox.Publish(new Wide(1));
        Assert.True(mailbox.TryPeekLatest(out _));

        mailbox.Publish(new Wide(2));

        Assert.True(mailbox.TryTake(out Wide value));
        Assert.Equal(new Wide(2), value);
        AssertCounts(mailbox, published: 2, taken: 1, overwritten: 1);
    }

    [Fact]
    public void CountsAddUpExactlyAfterEveryTakeInAnyInterleaving()
    {
        // Deterministic pseudo-random schedule (fixed seed, so a failure replays) that walks the
        // three slots through every role many times.
        var random = new Random(20261121);
        var mailbox = new LatestMailbox<Wide>();
        long lastPublished = 0;
        long lastTaken = 0;
        for (int step = 0; step < 10_000; step++)
        {
            switch (random.Next(3))
            {
                case 0:
                    mailbox.Publish(new Wide(++lastPublished));
                    Assert.InRange(Waiting(mailbox), 1, 2);
                    break;
                case 1:
                    bool took = mailbox.TryTake(out Wide taken);
                    Assert.Equal(lastPublished > lastTaken, took);
                    if (took)
                    {
                        Assert.Equal(new Wide(lastPublished), taken);
                        lastTaken = taken.A;
                    }

                    Assert.Equal(0, Waiting(mailbox));
                    break;
                default:
                    Assert.Equal(lastPublished > 0, mailbox.TryPeekLatest(out Wide peeked));
                    Assert.Equal(new Wide(lastPublished), peeked);
                    Assert.InRange(Waiting(mailbox), 0, 1);
                    break;
            }
        }

        static long Waiting(LatestMailbox<Wide> m) => m.PublishedCount - m.TakenCount - m.OverwrittenCount;
    }

    [Fact]
    public void ReaderNeverSeesATornStaleOrRepeatedValue()
    {
        const long Values = 1_000_000;
        const long YieldMask = 255;
        var mailbox = new LatestMailbox<Wide>();

        var writer = new WorkerThread("mailbox writer", () =>
        {
            for (long value = 1; value <= Values; value++)
            {
                mailbox.Publish(new Wide(value));
                if ((value & YieldMask) == 0)
                {
                    // Should both threads still share one core (a busy machine), let the reader in
                    // now and then; otherwise the whole run can fit in one time slice.
                    Thread.Yield();
                }
            }
        });

        long lastTaken = 0;
        long lastPeeked = 0;
        long takes = 0;
        try
        {
            writer.Go();
            while (true)
            {
                // Read the flag first: the iteration after the writer finished sees its last value.
                bool writerFinished = writer.IsFinished;

                if (mailbox.TryTake(out Wide taken))
                {
                    AssertWhole(taken);
                    if (taken.A <= lastTaken || taken.A < lastPeeked)
                    {
                        Assert.Fail($"Took {taken.A} after taking {lastTaken} and peeking {lastPeeked}.");
                    }

                    lastTaken = taken.A;
                    takes++;
                }

                if (mailbox.TryPeekLatest(out Wide peeked))
                {
                    AssertWhole(peeked);
                    if (peeked.A < lastTaken || peeked.A < lastPeeked)
                    {
                        Assert.Fail($"Peeked {peeked.A} after taking {lastTaken} and peeking {lastPeeked}.");
                    }

                    lastPeeked = peeked.A;
                }

                if (writerFinished)
                {
                    break;
                }
            }
        }
        finally
        {
            writer.Join();
        }

        Assert.False(mailbox.TryTake(out _));
        Assert.True(mailbox.TryPeekLatest(out Wide last));
        Assert.Equal(new Wide(Values), last);
        Assert.Equal(Values, lastTaken);
        Assert.Equal(Values, mailbox.PublishedCount);
        Assert.Equal(takes, mailbox.TakenCount);
        Assert.Equal(Values, mailbox.TakenCount + mailbox.OverwrittenCount);
        output.WriteLine($"published {mailbox.PublishedCount}, taken {mailbox.TakenCount}, overwritten {mailbox.OverwrittenCount}");
    }

    private static void AssertWhole(in Wide value)
    {
        if (value.B != value.A || value.C != value.A || value.D != value.A
            || value.E != value.A || value.F != value.A || value.G != value.A || value.H != value.A)
        {
            Assert.Fail($"Torn value: {value}.");
        }
    }

    private static void AssertCounts(LatestMailbox<Wide> mailbox, long published, long taken, long overwritten)
    {
        Assert.Equal(published, mailbox.PublishedCount);
        Assert.Equal(taken, mailbox.TakenCount);
        Assert.Equal(overwritten, mailbox.OverwrittenCount);
    }

    /// <summary>Eight fields (64 bytes, many stores per copy) that must always agree, so a torn copy is detectable.</summary>
    private readonly record struct Wide(long A, long B, long C, long D, long E, long F, long G, long H)
    {
        public Wide(long value)
            : this(value, value, value, value, value, value, value, value)
        {
        }
    }
}
