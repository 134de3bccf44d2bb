using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Tracking;

namespace RobotEdge.Perception.Tests.Tracking;

/// <summary>Identities across frames for targets whose true paths are known.</summary>
public class MultiTargetTrackerTests
{
    private const long PeriodNs = 33_333_333;

    /// <summary>Adds a four-keypoint target (a 60 px square) centred on (x, y), with seeded pixel noise.</summary>
    private static void AddTarget(PoseDetectionList list, double x, double y, Random noise)
    {
        Assert.True(list.TryAdd(out int index));
        ref PoseDetection d = ref list[index];
        ReadOnlySpan<(double X, double Y)> corners = [(-30, -30), (30, -30), (30, 30), (-30, 30)];
        for (int k = 0; k < 4; k++)
        {
            d.Keypoints[k] = new Keypoint(
                (float)(x + corners[k].X + (noise.NextDouble() - 0.5)),
                (float)(y + corners[k].Y + (noise.NextDouble() - 0.5)),
                0.9f);
        }

        d.FitBoxToKeypoints(4, 0.3f);
    }

    [Theory]
    [InlineData(0)]    // the same height: the squares pass right through each other
    [InlineData(25)]   // offset: boxes overlap at IoU up to 0.4 while crossing
    public void IdentitiesStayWithTheirTargetsWhenTwoTargetsCross(double offsetPx)
    {
        var tracker = new MultiTargetTracker(maxTracks: 4, keypointCount: 4, minConfidence: 0.3f, gatePx: 40);
        var detections = new PoseDetectionList(8);
        // Fixed seeds: the same noise and the same detection order every run.
        var noise = new Random(7);
        var order = new Random(11);
        int idOfA = 0, idOfB = 0;
        for (int i = 0; i < 90; i++)
        {
            // A moves right at 240 px/s, B left at 240 px/s; they meet at x = 320 between frames 22 and 23.
            double t = i * PeriodNs * 1e-9;
            double ax = 140 + 240 * t, bx = 500 - 240 * t;
            detections.Clear();
            bool aFirst = order.Next(2) == 0;
            AddTarget(detections, aFirst ? ax : bx, aFirst ? 240 : 240 + offsetPx, noise);
            AddTarget(detections, aFirst ? bx : ax, aFirst ? 240 + offsetPx : 240, noise);

            tracker.Update(detections, i * PeriodNs);

            Assert.Equal(2, tracker.ActiveCount);
            TrackedTarget trackA = Nearest(tracker, ax), trackB = Nearest(tracker, bx);
            if (i == 0)
            {
                (idOfA, idOfB) = (trackA.Id, trackB.Id);
                Assert.NotEqual(idOfA, idOfB);
            }
            else if (Math.Abs(ax - bx) > 1)
            {
                Assert.True(trackA.Id == idOfA, $"frame {i}: target A carries id {trackA.Id}, it started as {idOfA}");
                Assert.True(trackB.Id == idOfB, $"frame {i}: target B carries id {trackB.Id}, it started as {idOfB}");
            }
        }

        // No identity was ever handed out beyond the first two.
        foreach (TrackedTarget t in tracker.Slots)
        {
            Assert.True(!t.Active || t.Id <= 2, $"a third identity {t.Id} was created");
        }
    }

    private static TrackedTarget Nearest(MultiTargetTracker tracker, double x)
    {
        TrackedTarget? best = null;
        foreach (TrackedTarget t in tracker.Slots)
        {
            // Nearest by the raw detection (the smoothed keypoints lag a little).
            double cx = 0.25 * (t.Detection.Keypoints[0].XPx + t.Detection.Keypoints[1].XPx + t.Detection.Keypoints[2].XPx + t.Detection.Keypoints[3].XPx);
            if (t.Active && (best is null || Math.Abs(cx - x) < Math.Abs(0.25 * (best.Detection.Keypoints[0].XPx + best.Detection.Keypoints[1].XPx
                + best.Detection.Keypoints[2].XPx + best.Detection.Keypoints[3].XPx) - x)))
            {
                best = t;
            }
        }

        return best!;
    }

    [Fact]
    public void ATrackEndsAfterItsMissesAndANewTargetGetsANewIdentity()
    {
        var tracker = new MultiTargetTracker(4, 4, 0.3f, gatePx: 40, maxMisses: 3);
        var detections = new PoseDetectionList(4);
        var noise = new Random(3);
        for (int i = 0; i < 5; i++)
        {
            detections.Clear();
            AddTarget(detections, 200, 200, noise);
            tracker.Update(detections, i * PeriodNs);
        }

        int firstId = tracker.Primary!.Id;
        detections.Clear();
        for (int i = 5; i < 9; i++)
        {
            tracker.Update(detections, i * PeriodNs);
        }

        Assert.Equal(0, tracker.ActiveCount);
        AddTarget(detections, 200, 200, noise);
        tracker.Update(detections, 9 * PeriodNs);
        Assert.Equal(1, tracker.ActiveCount);
        Assert.NotEqual(firstId, tracker.Primary!.Id);
    }

    [Fact]
    public void UpdateAllocatesNothing()
    {
        var tracker = new MultiTargetTracker(4, 4, 0.3f);
        var detections = new PoseDetectionList(8);
        var noise = new Random(5);
        AddTarget(detections, 100, 100, noise);
        AddTarget(detections, 400, 300, noise);
        for (int i = 0; i < 300; i++)
        {
            tracker.Update(detections, i * PeriodNs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 300; i < 800; i++)
        {
            tracker.Update(detections, i * PeriodNs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2, tracker.ActiveCount);
    }
}
