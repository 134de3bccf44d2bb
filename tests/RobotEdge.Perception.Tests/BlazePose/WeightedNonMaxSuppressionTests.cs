using System.Numerics;
using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>MediaPipe's weighted NMS on hand-made detections whose merged boxes are computed by hand.</summary>
public class WeightedNonMaxSuppressionTests
{
    [Fact]
    public void OverlappingDetectionsMergeIntoTheScoreWeightedMeanKeepingTheBestScore()
    {
        // A (score 0.6) and B (0.9) overlap with IoU 0.6/1.0 ≥ 0.3; C is far away.
        PersonDetection a = Box(0.0f, 0.0f, 0.8f, 1.0f, 0.6f, new Vector2(0.4f, 0.5f));
        PersonDetection b = Box(0.2f, 0.0f, 1.0f, 1.0f, 0.9f, new Vector2(0.6f, 0.5f));
        PersonDetection c = Box(3.0f, 3.0f, 4.0f, 4.0f, 0.7f, new Vector2(3.5f, 3.5f));
        var nms = new WeightedNonMaxSuppression(16, 0.3f);
        var output = new PersonDetection[4];

        int count = nms.Run([a, b, c], output);

        Assert.Equal(2, count);
        PersonDetection merged = output[0];
        Assert.Equal(0.9f, merged.Score);
        // Weights 0.9 (B) and 0.6 (A), total 1.5.
        Assert.Equal((0.2f * 0.9f + 0.0f * 0.6f) / 1.5f, merged.XMin, 6);
        Assert.Equal((1.0f * 0.9f + 0.8f * 0.6f) / 1.5f, merged.XMax, 6);
        Assert.Equal(0f, merged.YMin, 6);
        Assert.Equal(1f, merged.YMax, 6);
        Assert.Equal((0.6f * 0.9f + 0.4f * 0.6f) / 1.5f, merged.Keypoints[0].X, 6);
        Assert.Equal(0.5f, merged.Keypoints[0].Y, 6);
        Assert.Equal(c.XMin, output[1].XMin);
        Assert.Equal(0.7f, output[1].Score);
    }

    [Fact]
    public void DetectionsOverlappingAtOrBelowTheThresholdStaySeparateBestFirst()
    {
        // IoU of these two is exactly 1/3 → above 0.3, merged; at threshold 0.4 they stay apart.
        PersonDetection a = Box(0, 0, 2, 1, 0.8f, default);
        PersonDetection b = Box(1, 0, 3, 1, 0.95f, default);
        Assert.Equal(1f / 3f, PersonDetection.IntersectionOverUnion(a, b), 6);
        var output = new PersonDetection[4];

        Assert.Equal(1, new WeightedNonMaxSuppression(4, 0.3f).Run([a, b], output));
        Assert.Equal(2, new WeightedNonMaxSuppression(4, 0.4f).Run([a, b], output));
        Assert.Equal(0.95f, output[0].Score);
        Assert.Equal(b.XMin, output[0].XMin);
        Assert.Equal(0.8f, output[1].Score);
    }

    [Fact]
    public void TheOutputLengthCapsTheDetectionsAndAnEmptyInputGivesNone()
    {
        var nms = new WeightedNonMaxSuppression(8, 0.3f);
        PersonDetection[] far = [Box(0, 0, 1, 1, 0.9f, default), Box(5, 5, 6, 6, 0.8f, default), Box(9, 9, 10, 10, 0.7f, default)];
        var output = new PersonDetection[2];
        Assert.Equal(2, nms.Run(far, output));
        Assert.Equal(0.8f, output[1].Score);
        Assert.Equal(0, nms.Run([], output));
    }

    [Fact]
    public void AnEmptyBoxIsReportedAsItIsAndDoesNotStallTheLoop()
    {
        PersonDetection empty = Box(1, 1, 1, 1, 0.9f, default);
        PersonDetection other = Box(0, 0, 2, 2, 0.8f, default);
        var output = new PersonDetection[4];
        Assert.Equal(2, new WeightedNonMaxSuppression(4, 0.3f).Run([empty, other], output));
        Assert.Equal(0.9f, output[0].Score);
        Assert.Equal(0.8f, output[1].Score);
    }

    [Fact]
    public void SuppressingAllocatesNothing()
    {
        var nms = new WeightedNonMaxSuppression(64, 0.3f);
        var input = new PersonDetection[64];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = Box(i % 8, i / 8, i % 8 + 1.5f, i / 8 + 1.5f, 0.5f + i / 200f, new Vector2(i, i));
        }

        var output = new PersonDetection[16];
        nms.Run(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            nms.Run(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static PersonDetection Box(float xMin, float yMin, float xMax, float yMax, float score, Vector2 keypoint)
    {
        var d = new PersonDetection { XMin = xMin, YMin = yMin, XMax = xMax, YMax = yMax, Score = score };
        for (int k = 0; k < DetectionKeypoints.Count; k++)
        {
            d.Keypoints[k] = keypoint;
        }

        return d;
    }
}
