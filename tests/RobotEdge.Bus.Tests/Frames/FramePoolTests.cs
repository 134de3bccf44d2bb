using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Tests.Support;
using Xunit.Abstractions;

namespace RobotEdge.Bus.Tests.Frames;

[Collection(StressCollection.Name)]
public sealed class FramePoolTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0, 2, 1)]
    [InlineData(2, 0, 1)]
    [InlineData(2, 2, 0)]
    [InlineData(-1, 2, 1)]
    public void RejectsNonPositiveArguments(int width, int height, int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramePool(width, height, capacity));
    }

    [Fact]
    public void RentsEveryFrameOnceThenReportsExhaustion()
    {
        var pool = new FramePool(4, 3, 3);
        var rented = new List<Frame>();

        while (pool.TryRent(out Frame? frame))
        {
            rented.Add(frame);
            Assert.True(rented.Count <= 3, "Rented more frames than the pool holds.");
        }

        Assert.Equal(3, pool.Capacity);
        Assert.Equal(3, rented.Count);
        Assert.Equal(3, rented.Distinct().Count());
        Assert.All(rented, f => Assert.Equal((4, 3, 12, 36), (f.Width, f.Height, f.StrideBytes, f.Pixels.Length)));
        Assert.Equal(3, pool.Outstanding);
        Assert.False(pool.TryRent(out Frame? none));
        Assert.Null(none);
    }

    [Fact]
    public void ReturnedFrameIsRentedAgain()
    {
        var pool = new FramePool(2, 2, 2);
        Assert.True(pool.TryRent(out Frame? a));
        Assert.True(pool.TryRent(out Frame? b));

        pool.Return(a);
        Assert.Equal(1, pool.Outstanding);
        Assert.True(pool.TryRent(out Frame? again));

        Assert.Same(a, again);
        pool.Return(b);
        pool.Return(again);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void DoubleReturnThrowsAndLeavesThePoolUnchanged()
    {
        var pool = new FramePool(2, 2, 2);
        Assert.True(pool.TryRent(out Frame? a));
        Assert.True(pool.TryRent(out Frame? b));
        pool.Return(a);

        Assert.Throws<InvalidOperationException>(() => pool.Return(a));

        Assert.Equal(1, pool.Outstanding);
        Assert.True(pool.TryRent(out Frame? again));
        Assert.Same(a, again);
        Assert.False(pool.TryRent(out _));
        pool.Return(b);
        pool.Return(again);
    }

    [Fact]
    public void ForeignFrameThrows()
    {
        var pool = new FramePool(2, 2, 2);
        var twin = new FramePool(2, 2, 2);
        var bigger = new FramePool(2, 2, 4);
        Assert.True(pool.TryRent(out Frame? own));
        Assert.True(twin.TryRent(out Frame? sameIndex));
        Frame? beyondRange = null;
        for (int i = 0; i < 4; i++)
        {
            Assert.True(bigger.TryRent(out beyondRange));
        }

        Assert.Throws<InvalidOperationException>(() => pool.Return(sameIndex));
        Assert.Throws<InvalidOperationException>(() => pool.Return(beyondRange!));
        Assert.Throws<ArgumentNullException>(() => pool.Return(null!));

        Assert.Equal(1, pool.Outstanding);
        Assert.Equal(1, twin.Outstanding);
        pool.Return(own);
        twin.Return(sameIndex);
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, twin.Outstanding);
    }

    [Fact]
    public void ConcurrentRentersNeverShareAFrame()
    {
        const int Iterations = 200_000;

        // Three frames for two threads that each want two: the pool runs dry regularly.
        var pool = new FramePool(4, 2, 3);
        var owners = new int[pool.Capacity];
        long[] rents = new long[2];

        void Churn(int side)
        {
            int token = side + 1;
            var held = new Frame[2];
            for (int i = 0; i < Iterations; i++)
            {
                int count = 0;
                while (count < held.Length && pool.TryRent(out Frame? frame))
                {
                    if (Interlocked.CompareExchange(ref owners[frame.PoolIndex], token, 0) != 0)
                    {
                        throw new InvalidOperationException($"Frame {frame.PoolIndex} handed to a second holder.");
                    }

                    frame.Pixels[0] = (byte)token;
                    frame.Stamp = new FrameStamp(i, token, 0);
                    held[count++] = frame;
                }

                for (int k = 0; k < count; k++)
                {
                    Frame frame = held[k];
                    if (frame.Pixels[0] != token || frame.Stamp != new FrameStamp(i, token, 0))
                    {
                        throw new InvalidOperationException($"Frame {frame.PoolIndex} was written by another holder.");
                    }

                    // Give up ownership before the pool can hand the frame to someone else.
                    if (Interlocked.CompareExchange(ref owners[frame.PoolIndex], 0, token) != token)
                    {
                        throw new InvalidOperationException($"Frame {frame.PoolIndex} lost its owner token.");
                    }

                    pool.Return(frame);
                }

                rents[side] += count;
            }
        }

        var other = new WorkerThread("pool churn", () => Churn(1));
        try
        {
            other.Go();
            Churn(0);
        }
        finally
        {
            other.Join();
        }

        output.WriteLine($"rents {rents[0]} + {rents[1]} over 2 × {Iterations} iterations");
        Assert.Equal(0, pool.Outstanding);
        Assert.All(owners, o => Assert.Equal(0, o));
        Assert.True(rents[0] >= Iterations && rents[1] >= Iterations, $"Each side rents at least once per iteration: {rents[0]}, {rents[1]}.");

        for (int i = 0; i < pool.Capacity; i++)
        {
            Assert.True(pool.TryRent(out _));
        }

        Assert.False(pool.TryRent(out _));
    }
}
