using RobotEdge.Bus.Messages;
using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>The landmark model's outputs decoded on hand-made tensors: projection through the region, visibility, heatmap refinement, world rotation, next region.</summary>
public class LandmarkDecoderTests
{
    private const int Input = 256;
    private const int Cells = 64;

    [Fact]
    public void LandmarksMapThroughARotatedRegionBackToTheFrame()
    {
        var decoder = new LandmarkDecoder(Input, Input, Cells, Cells);
        float[] landmarks = new float[LandmarkDecoder.LandmarkTensorLength];
        float[] world = new float[LandmarkDecoder.WorldTensorLength];
        // Nose at the crop's (64, 128): a quarter of the way across, half way down; visibility logit 0 → 0.5.
        Set(landmarks, 0, 64, 128, visibilityLogit: 0);
        Set(landmarks, (int)BodyLandmark.LeftWrist, 192, 64, visibilityLogit: 3);
        // Region: centre (500, 300), 400 px, turned +90° (the crop's x axis points down the frame).
        var region = new PoseRegion(500, 300, 400, MathF.PI / 2);
        var person = new PoseEstimate();

        decoder.Decode(landmarks, [], world, region, ref person);

        Assert.Equal(33, person.KeypointCount);
        Assert.Equal(33, person.WorldLandmarkCount);
        // Crop offset (−100, 0) px from the centre turns into frame offset (0, −100).
        Assert.Equal(500f, person.Keypoints[0].XPx, 3);
        Assert.Equal(200f, person.Keypoints[0].YPx, 3);
        Assert.Equal(0.5f, person.Keypoints[0].Confidence, 6);
        // Crop offset (+100, −100) → frame offset (+100, +100).
        Assert.Equal(600f, person.Keypoints[(int)BodyLandmark.LeftWrist].XPx, 3);
        Assert.Equal(400f, person.Keypoints[(int)BodyLandmark.LeftWrist].YPx, 3);
        Assert.Equal(1 / (1 + MathF.Exp(-3f)), person.Keypoints[(int)BodyLandmark.LeftWrist].Confidence, 6);
    }

    [Fact]
    public void WorldLandmarksTurnWithTheRegionAndCarryTheVisibility()
    {
        var decoder = new LandmarkDecoder(Input, Input, Cells, Cells);
        float[] landmarks = new float[LandmarkDecoder.LandmarkTensorLength];
        float[] world = new float[LandmarkDecoder.WorldTensorLength];
        int nose = (int)BodyLandmark.Nose;
        world[3 * nose] = 0.1f;
        world[3 * nose + 1] = -0.6f;
        world[3 * nose + 2] = -0.2f;
        Set(landmarks, nose, 128, 128, visibilityLogit: 2);
        var region = new PoseRegion(100, 100, 200, MathF.PI / 6);
        var person = new PoseEstimate();

        decoder.Decode(landmarks, [], world, region, ref person);

        WorldLandmark w = person.WorldLandmarks[nose];
        float c = MathF.Cos(MathF.PI / 6), s = MathF.Sin(MathF.PI / 6);
        Assert.Equal(c * 0.1f - s * -0.6f, w.XM, 5);
        Assert.Equal(s * 0.1f + c * -0.6f, w.YM, 5);
        Assert.Equal(-0.2f, w.ZM, 6);
        Assert.Equal(person.Keypoints[nose].Confidence, w.Visibility);
    }

    [Fact]
    public void TheAuxiliaryHipAndHeadLandmarksGiveTheNextRegion()
    {
        var decoder = new LandmarkDecoder(Input, Input, Cells, Cells);
        float[] landmarks = new float[LandmarkDecoder.LandmarkTensorLength];
        // Hips' midpoint at the crop centre, the point above the head 80 px (of 256) straight up.
        Set(landmarks, LandmarkDecoder.AlignmentCenter, 128, 128, 0);
        Set(landmarks, LandmarkDecoder.AlignmentScalePoint, 128, 48, 0);
        var region = new PoseRegion(320, 240, 512, 0);
        var person = new PoseEstimate();

        PoseRegion next = decoder.Decode(landmarks, [], new float[117], region, ref person);

        // 80 crop px = 160 frame px; the region is 2 · 160 · 1.25 = 400 px, upright, at the hips.
        Assert.Equal(320f, next.CenterXPx, 3);
        Assert.Equal(240f, next.CenterYPx, 3);
        Assert.Equal(400f, next.SizePx, 2);
        Assert.Equal(0f, next.RotationRad, 5);
    }

    [Fact]
    public void TheHeatmapRefinesALandmarkToItsWindowsSigmoidWeightedCellCentroid()
    {
        var decoder = new LandmarkDecoder(Input, Input, Cells, Cells);
        float[] landmarks = new float[LandmarkDecoder.LandmarkTensorLength];
        float[] heatmap = new float[Cells * Cells * LandmarkDecoder.ModelLandmarkCount];
        Array.Fill(heatmap, -30f); // sigmoid ≈ 0 everywhere
        int elbow = (int)BodyLandmark.LeftElbow;
        // Regressed at crop (100, 60) → cell (25, 15). The heatmap says cells (27, 15) and (28, 15), equally.
        Set(landmarks, elbow, 100, 60, 0);
        heatmap[(15 * Cells + 27) * 39 + elbow] = 4f;
        heatmap[(15 * Cells + 28) * 39 + elbow] = 4f;
        // Another landmark whose window peaks below 0.5 keeps its regressed position.
        int knee = (int)BodyLandmark.LeftKnee;
        Set(landmarks, knee, 200, 220, 0);
        heatmap[(55 * Cells + 50) * 39 + knee] = -0.1f;
        var region = new PoseRegion(127.5f, 127.5f, 256, 0); // crop = frame, unscaled

        var person = new PoseEstimate();
        decoder.Decode(landmarks, heatmap, new float[117], region, ref person);

        // Centroid of cells 27 and 28 is 27.5 (plus ~49 near-zero cells), i.e. 27.5/64 of the crop.
        Assert.Equal(27.5f / 64 * 256 - 0.5f, person.Keypoints[elbow].XPx, 1);
        Assert.Equal(15f / 64 * 256 - 0.5f, person.Keypoints[elbow].YPx, 1);
        Assert.Equal(199.5f, person.Keypoints[knee].XPx, 3);
        Assert.Equal(219.5f, person.Keypoints[knee].YPx, 3);
    }

    [Fact]
    public void DecodingAllocatesNothing()
    {
        var decoder = new LandmarkDecoder(Input, Input, Cells, Cells);
        float[] landmarks = new float[195], world = new float[117], heatmap = new float[Cells * Cells * 39];
        var region = new PoseRegion(10, 10, 100, 0.2f);
        var person = new PoseEstimate();
        decoder.Decode(landmarks, heatmap, world, region, ref person);

        // Up to five windows of 50 decodes; the last must allocate nothing. A tier-up or OSR
        // compilation of the test's own loop landing inside a window allocates on this thread once
        // (1,528 B seen under a CPU hog); an allocation per decode shows in every window.
        long allocated = -1;
        for (int window = 0; window < 5 && allocated != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++)
            {
                decoder.Decode(landmarks, heatmap, world, region, ref person);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }

    private static void Set(float[] landmarks, int k, float x, float y, float visibilityLogit)
    {
        landmarks[k * 5] = x;
        landmarks[k * 5 + 1] = y;
        landmarks[k * 5 + 3] = visibilityLogit;
        landmarks[k * 5 + 4] = 5;
    }
}
