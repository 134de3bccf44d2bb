using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Tests.Decoding;

/// <summary>The YOLO-pose decoder on hand-built anchor tensors with known answers.</summary>
public class YoloPoseDecoderTests
{
    internal const int Keypoints = 2;
    internal const int Channels = 5 + 3 * Keypoints;
    internal const int Anchors = 6;

    /// <summary>640×480 frames into a 320×320 input: scale 0.5, 40 px bars top and bottom.</summary>
    internal static readonly LetterboxGeometry Geometry = new(640, 480, 320, 320);

    internal static readonly ModelOutputSpec Spec = new()
    {
        Name = "output0",
        Decoder = OutputDecoder.YoloPose,
        MinBoxScore = 0.25f,
        NmsIou = 0.45f,
        MaxDetections = 8,
    };

    /// <summary>One anchor's values: box (cx, cy, w, h), score, then per keypoint (x, y, visibility); tensor pixels.</summary>
    internal static readonly float[][] AnchorValues =
    [
        [100, 100, 40, 40, 0.80f, 90, 95, 0.9f, 110, 105, 0.8f],     // A: kept second (score 0.80)
        [102, 101, 40, 42, 0.90f, 91, 96, 0.95f, 111, 104, 0.85f],   // B: best; suppresses A (IoU ≈ 0.86)
        [200, 150, 30, 60, 0.70f, 195, 130, 0.7f, 205, 170, 0.2f],   // C: separate target, kept
        [300, 300, 10, 10, 0.10f, 300, 300, 1f, 300, 300, 1f],       // D: below minBoxScore
        [125, 100, 40, 40, 0.50f, 120, 95, 0.6f, 130, 105, 0.6f],    // E: IoU with B ≈ 0.26 < 0.45, kept
        [0, 0, 0, 0, 0f, 0, 0, 0, 0, 0, 0],                            // F: empty anchor
    ];

    /// <summary>The anchors laid out as the exporter writes them, [1, C, A] (channels first), or transposed.</summary>
    internal static float[] Tensor(bool channelsFirst)
    {
        var t = new float[Channels * Anchors];
        for (int a = 0; a < Anchors; a++)
        {
            for (int c = 0; c < Channels; c++)
            {
                t[channelsFirst ? c * Anchors + a : a * Channels + c] = AnchorValues[a][c];
            }
        }

        return t;
    }

    /// <summary>Checks the known answer: B, C, E in that order, in frame pixels.</summary>
    internal static void AssertKnownAnswer(PoseDetectionList detections)
    {
        Assert.Equal(3, detections.Count);
        Assert.Equal([0.90f, 0.70f, 0.50f], [detections[0].Score, detections[1].Score, detections[2].Score]);

        // B: box 102±20 × 101±21 tensor px; frame x = (x − pad 0) / 0.5 − 0.5, y = (y − pad 40) / 0.5 − 0.5.
        PoseDetection b = detections[0];
        Assert.Equal(163.5f, b.Left, 1e-3f);     // (82 / 0.5) − 0.5
        Assert.Equal(243.5f, b.Right, 1e-3f);    // (122 / 0.5) − 0.5
        Assert.Equal(79.5f, b.Top, 1e-3f);       // ((80 − 40) / 0.5) − 0.5
        Assert.Equal(163.5f, b.Bottom, 1e-3f);   // ((122 − 40) / 0.5) − 0.5
        Assert.Equal(181.5f, b.Keypoints[0].XPx, 1e-3f);  // 91 / 0.5 − 0.5
        Assert.Equal(111.5f, b.Keypoints[0].YPx, 1e-3f);  // (96 − 40) / 0.5 − 0.5
        Assert.Equal(0.95f, b.Keypoints[0].Confidence, 1e-6f);
        Assert.Equal(221.5f, b.Keypoints[1].XPx, 1e-3f);
        Assert.Equal(127.5f, b.Keypoints[1].YPx, 1e-3f);

        PoseDetection c = detections[1];
        Assert.Equal(409.5f, c.Keypoints[1].XPx, 1e-3f);  // 205 / 0.5 − 0.5
        Assert.Equal(259.5f, c.Keypoints[1].YPx, 1e-3f);  // (170 − 40) / 0.5 − 0.5
        Assert.Equal(0.2f, c.Keypoints[1].Confidence, 1e-6f);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ThresholdNmsAndLetterboxGiveTheKnownTargets(bool channelsFirst)
    {
        long[] shape = channelsFirst ? [1, Channels, Anchors] : [1, Anchors, Channels];
        var decoder = new YoloPoseDecoder(Spec, shape, Keypoints, Geometry);
        var detections = new PoseDetectionList(decoder.MaxDetections);

        decoder.Decode(Tensor(channelsFirst), default, detections);

        AssertKnownAnswer(detections);
    }

    [Fact]
    public void MaxDetectionsCapsTheResultKeepingTheBest()
    {
        var spec = new ModelOutputSpec { Decoder = OutputDecoder.YoloPose, MinBoxScore = 0.25f, NmsIou = 0.45f, MaxDetections = 2 };
        var decoder = new YoloPoseDecoder(spec, [1, Channels, Anchors], Keypoints, Geometry);
        var detections = new PoseDetectionList(8);
        decoder.Decode(Tensor(true), default, detections);
        Assert.Equal(2, detections.Count);
        Assert.Equal([0.90f, 0.70f], [detections[0].Score, detections[1].Score]);
    }

    [Fact]
    public void NoAnchorAboveTheThresholdGivesNoTargets()
    {
        var decoder = new YoloPoseDecoder(Spec, [1, Channels, Anchors], Keypoints, Geometry);
        var detections = new PoseDetectionList(8);
        decoder.Decode(new float[Channels * Anchors], default, detections);
        Assert.Equal(0, detections.Count);
    }

    [Fact]
    public void ShapeThatDoesNotFitTheKeypointCountIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new YoloPoseDecoder(Spec, [1, 56, 8400], Keypoints, Geometry));
        Assert.Contains("[N,11,anchors]", e.Message);
    }

    [Fact]
    public void IntersectionOverUnionOfKnownBoxes()
    {
        var a = new PoseDetection { Left = 0, Top = 0, Right = 10, Bottom = 10 };
        var b = new PoseDetection { Left = 5, Top = 0, Right = 15, Bottom = 10 };
        Assert.Equal(50f / 150f, PoseDetection.IntersectionOverUnion(a, b), 1e-6f);
        Assert.Equal(0f, PoseDetection.IntersectionOverUnion(a, new PoseDetection { Left = 20, Top = 20, Right = 30, Bottom = 30 }));
    }
}
