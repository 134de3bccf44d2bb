using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>The detector's raw outputs decoded on hand-made tensors, each expected value worked out by hand.</summary>
public class PersonDetectionDecoderTests
{
    private const int Anchors = 2254;
    private const int Values = PersonDetectionDecoder.ValuesPerAnchor;

    [Fact]
    public void AScoredAnchorBecomesABoxAndKeypointsAroundTheAnchorCentre()
    {
        var decoder = new PersonDetectionDecoder(SsdAnchorOptions.PoseDetection, minScore: 0.5f);
        float[] boxes = new float[Anchors * Values];
        float[] scores = Filled(Anchors, -10f);
        // Anchor 1663: stride-16 map, cell (x 5, y 3), second anchor: centre (5.5/14, 3.5/14).
        const int anchor = 1568 + (3 * 14 + 5) * 2 + 1;
        scores[anchor] = 2f;
        float[] raw = [22.4f, -11.2f, 44.8f, 89.6f, 0f, 0f, 11.2f, -22.4f, 2.24f, 4.48f, -224f, 224f];
        raw.CopyTo(boxes, anchor * Values);

        var detections = new PersonDetection[8];
        int count = decoder.Decode(boxes, scores, detections);

        Assert.Equal(1, count);
        PersonDetection d = detections[0];
        float cx = 5.5f / 14 + 0.1f, cy = 3.5f / 14 - 0.05f;
        Assert.Equal(cx - 0.1f, d.XMin, 5);
        Assert.Equal(cx + 0.1f, d.XMax, 5);
        Assert.Equal(cy - 0.2f, d.YMin, 5);
        Assert.Equal(cy + 0.2f, d.YMax, 5);
        Assert.Equal(1 / (1 + MathF.Exp(-2f)), d.Score, 6);
        Assert.Equal(5.5f / 14, d.Keypoints[0].X, 5);
        Assert.Equal(3.5f / 14, d.Keypoints[0].Y, 5);
        Assert.Equal(5.5f / 14 + 0.05f, d.Keypoints[1].X, 5);
        Assert.Equal(3.5f / 14 - 0.1f, d.Keypoints[1].Y, 5);
        Assert.Equal(5.5f / 14 + 0.01f, d.Keypoints[2].X, 5);
        Assert.Equal(3.5f / 14 + 0.02f, d.Keypoints[2].Y, 5);
        Assert.Equal(5.5f / 14 - 1f, d.Keypoints[3].X, 5);
        Assert.Equal(3.5f / 14 + 1f, d.Keypoints[3].Y, 5);
    }

    [Fact]
    public void AnchorsBelowTheScoreThresholdAreDroppedAndHugeLogitsAreClipped()
    {
        var decoder = new PersonDetectionDecoder(SsdAnchorOptions.PoseDetection, minScore: 0.5f);
        float[] boxes = new float[Anchors * Values];
        float[] scores = Filled(Anchors, -10f);
        scores[10] = -0.01f; // 0.4975: below 0.5
        scores[20] = 0.01f; // 0.5025: kept
        scores[30] = 1e30f; // clipped to 100: score 1, not NaN
        var detections = new PersonDetection[8];

        int count = decoder.Decode(boxes, scores, detections);

        Assert.Equal(2, count);
        Assert.Equal(1 / (1 + MathF.Exp(-0.01f)), detections[0].Score, 6);
        Assert.Equal(1f, detections[1].Score);
        // Anchor 20: first map, cell (x 10, y 0); a zero box is a point at the anchor centre.
        Assert.Equal(10.5f / 28, detections[0].XMin, 6);
        Assert.Equal(0.5f / 28, detections[0].YMax, 6);
    }

    [Fact]
    public void DecodingStopsWhenTheOutputIsFull()
    {
        var decoder = new PersonDetectionDecoder(SsdAnchorOptions.PoseDetection, minScore: 0.5f);
        float[] boxes = new float[Anchors * Values];
        float[] scores = Filled(Anchors, 5f);
        var detections = new PersonDetection[3];
        Assert.Equal(3, decoder.Decode(boxes, scores, detections));
    }

    [Fact]
    public void OutputsOfTheWrongSizeAreRefusedWithTheSizesNamed()
    {
        var decoder = new PersonDetectionDecoder(SsdAnchorOptions.PoseDetection, minScore: 0.5f);
        var e = Assert.Throws<ArgumentException>(() => decoder.Decode(new float[100], new float[Anchors], new PersonDetection[1]));
        Assert.Contains("2254 anchors need 27048", e.Message);
    }

    private static float[] Filled(int length, float value)
    {
        float[] a = new float[length];
        Array.Fill(a, value);
        return a;
    }
}
