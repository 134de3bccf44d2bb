using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Tests.Support;

namespace RobotEdge.Bus.Tests.Concurrency;

[Collection(StressCollection.Name)]
public sealed class MpscRingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(1000, 1024)]
    public void CapacityIsRoundedUpToAPowerOfTwo(int requested, int expected)
    {
        Assert.Equal(expected, new MpscRing<long>(requested).Capacity);
    }

    [Fact]
    public void KeepsOrderRefusesWhenFullAndReusesSlotsLapAfterLap()
    {
        var ring = new MpscRing<long>(4);
        long next = 0, expected = 0;
        for (int lap = 0; lap < 10; lap++)
        {
            while (ring.TryWrite(next))
            {
                next++;
            }

            Assert.Equal(4, ring.Count);
            Assert.True(ring.TryRead(out long first));
            Assert.Equal(expected++, first);
            Assert.True(ring.TryWrite(next++)); // the freed slot takes one more
            Assert.False(ring.TryWrite(next));
            while (ring.TryRead(out long item))
            {
                Assert.Equal(expected++, item);
            }

            Assert.Equal(0, ring.Count);
        }

        Assert.Equal(next, expected);
    }

    [Fact]
    public void EveryItemOfEveryProducerArrivesOnceAndInEachProducersOrder()
    {
        const int Producers = 4;
        const int PerProducer = 200_000;
        var ring = new MpscRing<long>(64);
        var lastSeen = new long[Producers];
        Array.Fill(lastSeen, -1);
        var threads = new Thread[Producers];
        using var start = new ManualResetEventSlim();
        for (int p = 0; p < Producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() =>
            {
                start.Wait();
                for (long i = 0; i < PerProducer; i++)
                {
                    while (!ring.TryWrite(((long)producer << 32) | i))
                    {
                        Thread.SpinWait(8);
                    }
                }
            }) { IsBackground = true };
            threads[p].Start();
        }

        start.Set();
        long received = 0;
        while (received < Producers * (long)PerProducer)
        {
            if (!ring.TryRead(out long item))
            {
                Thread.SpinWait(8);
                continue;
            }

            int producer = (int)(item >> 32);
            long index = item & 0xFFFF_FFFF;
            Assert.Equal(lastSeen[producer] + 1, index); // nothing lost, repeated or reordered
            lastSeen[producer] = index;
            received++;
        }

        foreach (Thread t in threads)
        {
            t.Join();
        }

        Assert.All(lastSeen, last => Assert.Equal(PerProducer - 1, last));
        Assert.False(ring.TryRead(out _));
    }

    [Fact]
    public void WritingAndReadingAllocateNothing()
    {
        var ring = new MpscRing<object>(8);
        object payload = new();
        for (int i = 0; i < 100; i++)
        {
            ring.TryWrite(payload);
            ring.TryRead(out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            ring.TryWrite(payload);
            ring.TryRead(out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
