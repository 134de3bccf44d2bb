using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Tests.Support;

namespace RobotEdge.Bus.Tests.Frames;

[Collection(StressCollection.Name)]
public sealed class FrameTapTests
{
    private static Frame Rent(FramePool pool, byte fill, long sequence)
    {
        Assert.True(pool.TryRent(out Frame? frame));
        frame.Pixels.AsSpan().Fill(fill);
        frame.Stamp = new FrameStamp(sequence, sequence * 1000, 0);
        return frame;
    }

    [Fact]
    public void CopiesOnlyWhenTheViewerAsked()
    {
        var pool = new FramePool(8, 4, 2);
        var tap = new FrameTap(8, 4);
        Frame frame = Rent(pool, 7, 1);
        var estimate = new PoseEstimate { KeypointCount = 1 };
        estimate.Keypoints[0] = new Keypoint(3.5f, 2.5f, 0.9f);

        Assert.False(tap.Offer(frame, estimate)); // nobody asked
        Assert.False(tap.TryTake());
        Assert.Equal(0, tap.CopyCount);

        tap.Request();
        Assert.False(tap.TryTake()); // asked, not yet offered
        Assert.True(tap.Offer(frame, estimate));
        Assert.False(tap.Offer(frame, estimate)); // one copy per request
        Assert.True(tap.TryTake());
        Assert.All(tap.Pixels, b => Assert.Equal(7, b));
        Assert.Equal(1, tap.Stamp.Sequence);
        Assert.Equal(3.5f, tap.Estimate.Keypoints[0].XPx);
        Assert.Equal(1, tap.CopyCount);
        Assert.False(tap.TryTake());
    }

    [Fact]
    public void IgnoresFramesOfAnotherSize()
    {
        var tap = new FrameTap(8, 4);
        var pool = new FramePool(4, 4, 1);
        tap.Request();
        Assert.False(tap.Offer(Rent(pool, 1, 1), default));
    }

    [Fact]
    public void OfferAllocatesNothing()
    {
        var pool = new FramePool(64, 48, 1);
        var tap = new FrameTap(64, 48);
        Frame frame = Rent(pool, 3, 1);
        var estimate = default(PoseEstimate);
        tap.Request();
        tap.Offer(frame, estimate);
        tap.TryTake();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            tap.Request();
            tap.Offer(frame, estimate);
            tap.Offer(frame, estimate);
            tap.TryTake();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TheViewerNeverSeesATornFrame()
    {
        // The writer fills each frame with its sequence number's low byte; every copy the viewer
        // takes must be uniform and match its stamp.
        var pool = new FramePool(320, 240, 1);
        var tap = new FrameTap(320, 240);
        Assert.True(pool.TryRent(out Frame? frame));
        const int Frames = 20_000;
        long taken = 0;
        int torn = 0;
        var writer = new Thread(() =>
        {
            for (int s = 0; s < Frames; s++)
            {
                frame.Pixels.AsSpan().Fill((byte)s);
                frame.Stamp = new FrameStamp(s, 0, 0);
                tap.Offer(frame, default);
            }
        });
        writer.Start();
        tap.Request();
        while (true)
        {
            // Read "alive" first: once the writer is seen finished, a failed take is final.
            bool alive = writer.IsAlive;
            if (tap.TryTake())
            {
                byte expected = (byte)tap.Stamp.Sequence;
                if (tap.Pixels.AsSpan().IndexOfAnyExcept(expected) >= 0)
                {
                    torn++;
                }

                taken++;
                tap.Request();
                continue;
            }

            if (!alive)
            {
                break;
            }

            Thread.Yield();
        }

        writer.Join();
        Assert.Equal(0, torn);
        Assert.True(taken > 10, $"only {taken} frames taken");
        Assert.Equal(taken, tap.CopyCount);
    }
}
