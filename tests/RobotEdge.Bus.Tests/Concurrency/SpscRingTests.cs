using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Tests.Support;

namespace RobotEdge.Bus.Tests.Concurrency;

[Collection(StressCollection.Name)]
public sealed class SpscRingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    [InlineData(1000, 1024)]
    [InlineData(1024, 1024)]
    public void CapacityIsRoundedUpToAPowerOfTwo(int requested, int expected)
    {
        var ring = new SpscRing<long>(requested);

        Assert.Equal(expected, ring.Capacity);
        Assert.Equal(0, ring.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData((1 << 30) + 1)]
    public void RejectsCapacityOutOfRange(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<long>(capacity));
    }

    [Fact]
    public void EmptyRingReadsNothing()
    {
        var ring = new SpscRing<Pair>(4);

        Assert.False(ring.TryRead(out Pair item));
        Assert.Equal(default, item);
    }

    [Fact]
    public void FullRingRefusesWritesUntilAnItemIsRead()
    {
        var ring = new SpscRing<long>(5);
        for (long i = 1; i <= 8; i++)
        {
            Assert.True(ring.TryWrite(i));
        }

        Assert.Equal(8, ring.Count);
        Assert.False(ring.TryWrite(99));
        Assert.Equal(8, ring.Count);

        Assert.True(ring.TryRead(out long first));
        Assert.Equal(1, first);
        Assert.True(ring.TryWrite(9));
        Assert.False(ring.TryWrite(100));

        for (long expected = 2; expected <= 9; expected++)
        {
            Assert.True(ring.TryRead(out long item));
            Assert.Equal(expected, item);
        }

        Assert.False(ring.TryRead(out _));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void KeepsOrderAcrossManyWrapArounds()
    {
        // Capacity 4, batches of 3: the positions cross the end of the buffer at every offset.
        var ring = new SpscRing<Pair>(4);
        long written = 0;
        long read = 0;
        for (int round = 0; round < 1000; round++)
        {
            int batch = 1 + round % 4;
            for (int i = 0; i < batch; i++)
            {
                written++;
                Assert.True(ring.TryWrite(new Pair(written)));
            }

            Assert.Equal(batch, ring.Count);
            for (int i = 0; i < batch; i++)
            {
                read++;
                Assert.True(ring.TryRead(out Pair item));
                Assert.Equal(new Pair(read), item);
            }

            Assert.Equal(0, ring.Count);
        }

        Assert.Equal(written, read);
    }

    [Fact]
    public void TwoThreadsPassEveryItemOnceInOrderWithoutTearing()
    {
        const long Items = 2_000_000;

        // Small ring: the producer finds it full and the consumer finds it empty often, so both
        // slow paths and the wrap-around are exercised all the time.
        var ring = new SpscRing<Pair>(64);
        using var stop = new CancellationTokenSource();

        var producer = new WorkerThread("ring producer", () =>
        {
            for (long value = 1; value <= Items; value++)
            {
                var item = new Pair(value);
                var spin = default(SpinWait);
                while (!ring.TryWrite(item))
                {
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }
        });

        long received = 0;
        long previous = 0;
        long sum = 0;
        try
        {
            producer.Go();
            var spin = default(SpinWait);
            while (true)
            {
                // Read the flag before trying: if the producer had finished and the ring is still
                // empty afterwards, nothing more can come.
                bool producerFinished = producer.IsFinished;
                if (ring.TryRead(out Pair item))
                {
                    if (item.Value != previous + 1)
                    {
                        Assert.Fail($"Expected {previous + 1} after {previous}, read {item.Value}.");
                    }

                    if (item.Complement != ~item.Value)
                    {
                        Assert.Fail($"Torn item: value {item.Value}, complement {item.Complement}.");
                    }

                    previous = item.Value;
                    sum += item.Value;
                    received++;
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

        Assert.Equal(Items, received);
        Assert.Equal(Items, previous);
        Assert.Equal(Items * (Items + 1) / 2, sum);
        Assert.Equal(0, ring.Count);
    }

    /// <summary>Two fields that must always agree, so a torn copy is detectable.</summary>
    private readonly record struct Pair(long Value, long Complement)
    {
        public Pair(long value)
            : this(value, ~value)
        {
        }
    }
}
