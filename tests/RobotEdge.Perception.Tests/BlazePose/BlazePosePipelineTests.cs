using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Vision.Capture;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>
/// The whole pipeline (converted MediaPipe models on ONNX Runtime) on real footage from opencv-doc,
/// against regions labelled by hand on the images: the person is found, the landmarks lie on the
/// person and in anatomical order, world landmarks are metric; and 0 B per frame in steady state.
/// </summary>
public sealed class BlazePosePipelineTests : IDisposable
{
    private readonly BlazePoseEstimator _estimator = BlazePoseTestData.Load(maxPeople: 2);

    public void Dispose() => _estimator.Dispose();

    [Fact]
    public void MessiIsFoundWithHisLandmarksOnHisBody()
    {
        // messi5.jpg (548×342): one player, labelled by hand: body within x 60..470, y 50..342;
        // head (bowed) within x 205..265, y 65..125. He faces the camera, so his right side is on
        // the image's left: he stands on his right leg and kicks with his left, far to the right.
        Frame frame = BlazePoseTestData.ImageFrame("messi5.jpg");
        PoseEstimate estimate = Run(frame);

        Assert.Equal(1, estimate.TargetsInView);
        Assert.Equal(33, estimate.KeypointCount);
        Assert.NotEqual(0, estimate.TrackId);
        AssertOnBody(estimate, 60, 50, 470, 342);
        Keypoint nose = estimate.Keypoints[(int)BodyLandmark.Nose];
        Assert.InRange(nose.XPx, 205, 265);
        Assert.InRange(nose.YPx, 65, 125);
        Keypoint leftAnkle = estimate.Keypoints[(int)BodyLandmark.LeftAnkle], rightAnkle = estimate.Keypoints[(int)BodyLandmark.RightAnkle];
        Assert.True(leftAnkle.XPx > rightAnkle.XPx + 80, $"left (kicking) ankle x {leftAnkle.XPx}, right (standing) {rightAnkle.XPx}");
        Assert.True(estimate.Keypoints[(int)BodyLandmark.LeftShoulder].XPx > estimate.Keypoints[(int)BodyLandmark.RightShoulder].XPx);
        AssertMetric(estimate);
    }

    [Fact]
    public void InBasketball1OnlyThePlayerShowingHisFaceIsFound()
    {
        // basketball1.png (640×480): the player on the left (x 20..180, y 60..480, labelled by hand)
        // faces the camera; the one on the right turns his face away, and the detector keys on faces.
        Frame frame = BlazePoseTestData.ImageFrame("basketball1.png");
        PoseEstimate estimate = Run(frame);

        Assert.Equal(1, _estimator.PersonCount);
        AssertOnBody(estimate, 20, 60, 180, 480);
    }

    [Fact]
    public void BothPlayersInBasketball2AreFound()
    {
        // basketball2.png (640×480): the player on the left (x 20..180, y 60..480) and the one on the
        // right (x 410..640, y 0..480), labelled by hand; both show their faces.
        Frame frame = BlazePoseTestData.ImageFrame("basketball2.png");
        Run(frame);

        Assert.Equal(2, _estimator.PersonCount);
        var left = default(PoseEstimate);
        var right = default(PoseEstimate);
        _estimator.GetPerson(0, ref left);
        _estimator.GetPerson(1, ref right);
        if (Mean(left).X > Mean(right).X)
        {
            (left, right) = (right, left);
        }

        AssertOnBody(left, 20, 60, 180, 480);
        AssertOnBody(right, 410, 0, 640, 480);
        Assert.NotEqual(left.TrackId, right.TrackId);
    }

    [Fact]
    public void TheChosenPersonIsReportedAndNobodyWhenTheChosenOneIsNotInView()
    {
        Frame frame = BlazePoseTestData.ImageFrame("basketball2.png");
        Run(frame);
        Assert.Equal(2, _estimator.PersonCount);
        var first = default(PoseEstimate);
        var second = default(PoseEstimate);
        _estimator.GetPerson(0, ref first);
        _estimator.GetPerson(1, ref second);
        // By default, the biggest: the person whose region is larger.
        bool firstIsBigger = _estimator.GetPersonRegion(0).SizePx > _estimator.GetPersonRegion(1).SizePx;
        PoseEstimate biggest = Run(frame);
        Assert.Equal((firstIsBigger ? first : second).TrackId, biggest.TrackId);

        PoseEstimate other = firstIsBigger ? second : first;
        _estimator.SelectedTrackId = other.TrackId;
        PoseEstimate chosen = Run(frame);
        Assert.Equal(other.TrackId, chosen.TrackId);
        Assert.Equal(Mean(other).X, Mean(chosen).X, 0);

        _estimator.SelectedTrackId = 12345;
        PoseEstimate nobody = Run(frame);
        Assert.Equal(0, nobody.TrackId);
        Assert.Equal(2, nobody.TargetsInView);
        Assert.Equal(0f, nobody.Keypoints[0].Confidence);
    }

    [Fact]
    public void AfterTheFirstFrameThePersonIsFollowedWithoutTheDetector()
    {
        using BlazePoseEstimator single = BlazePoseTestData.Load(maxPeople: 1);
        Frame frame = BlazePoseTestData.ImageFrame("messi5.jpg");
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        single.Estimate(frame, ref estimate, ref timings);
        Assert.True(single.LastFrameRanDetector);
        int id = estimate.TrackId;
        for (int i = 0; i < 3; i++)
        {
            single.Estimate(frame, ref estimate, ref timings);
            Assert.False(single.LastFrameRanDetector);
            Assert.Equal(id, estimate.TrackId);
            Assert.Equal(1, estimate.TargetsInView);
        }

        Assert.True(timings.InferenceNs > 0);
        Assert.True(timings.PreprocessNs > 0);
    }

    [Fact]
    public void AnEmptyFrameHasNobodyAndRunsTheDetectorEveryFrame()
    {
        var pool = new FramePool(320, 240, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        Array.Fill(frame.Pixels, (byte)90);
        for (int i = 0; i < 2; i++)
        {
            PoseEstimate estimate = Run(frame);
            Assert.True(_estimator.LastFrameRanDetector);
            Assert.Equal(0, estimate.TargetsInView);
            Assert.Equal(0, estimate.TrackId);
            Assert.Equal(0, estimate.WorldLandmarkCount);
        }
    }

    [Fact]
    public void PedestriansInVtestAreFoundInTilesAndFollowed()
    {
        // vtest.avi (768×576): pedestrians about 80–100 px tall, too small for the detector in the
        // whole frame (their faces are ~3 px in its 224 px input); with a 3 × 3 tiling it finds them.
        // Over 30 frames someone must be found in most frames and followed from frame to frame.
        ModelCard card = BlazePoseTestData.Card();
        card.BlazePose!.MaxPeople = 4;
        card.BlazePose.DetectionTiles = 3;
        using BlazePoseEstimator tiled = BlazePoseEstimator.Load(card, [ExecutionProvider.Cpu], NullLogger.Instance);
        using OpenCvFrameSource source = OpenCvFrameSource.OpenFile(BlazePoseTestData.Footage("vtest.avi"), ReplayPacing.AsFastAsPossible);
        var pool = new FramePool(source.Width, source.Height, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        int framesWithPeople = 0, followedFrames = 0;
        for (int i = 0; i < 30; i++)
        {
            Assert.True(source.TryCapture(frame));
            int before = estimate.TrackId;
            tiled.Estimate(frame, ref estimate, ref timings);
            framesWithPeople += estimate.TargetsInView > 0 ? 1 : 0;
            followedFrames += estimate.TrackId != 0 && estimate.TrackId == before ? 1 : 0;
            for (int p = 0; p < tiled.PersonCount; p++)
            {
                var person = default(PoseEstimate);
                tiled.GetPerson(p, ref person);
                // Every person is a pedestrian on the ground area (below the building line), not in the sky.
                Assert.InRange(Mean(person).Y, 120, 576);
            }
        }

        Assert.True(framesWithPeople >= 25, $"people found in {framesWithPeople} of 30 frames");
        Assert.True(followedFrames >= 15, $"the same person followed from the previous frame in {followedFrames} of 30 frames");
    }

    [Fact]
    public void TheTiledDetectorRunOnEveryFrameFollowsMessiAsOnePerson()
    {
        // messi5.jpg holds one player. Before the tile rules this gave two or three people per frame:
        // the centre tile reports his face as a 55 px box inside the whole view's 110 px one (IoU
        // 0.25, so NMS keeps both) and starts a second track on him whose
        // region (307 px) overlaps his (440 px) by less than half, though the landmark model puts both
        // torsos in the same place (SameTorso); and the top-right tile took a face-like patch (score
        // 0.55) for a person whose region, extrapolated from it, is 7.3 tiles wide and centred outside
        // the frame (MaxTileRegionScale). Detector on every frame, up to 4 people: exactly one, on him.
        ModelCard card = BlazePoseTestData.Card();
        card.BlazePose!.MaxPeople = 4;
        card.BlazePose.DetectionTiles = 3;
        using BlazePoseEstimator tiled = BlazePoseEstimator.Load(card, [ExecutionProvider.Cpu], NullLogger.Instance);
        tiled.DetectEveryFrame = true;
        Frame frame = BlazePoseTestData.ImageFrame("messi5.jpg");
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        for (int i = 0; i < 6; i++)
        {
            tiled.Estimate(frame, ref estimate, ref timings);
            Assert.True(tiled.LastFrameRanDetector);
            Assert.Equal(1, tiled.PersonCount);
            var person = default(PoseEstimate);
            tiled.GetPerson(0, ref person);
            AssertOnBody(person, 60, 50, 470, 342);
        }
    }

    [Fact]
    public void SteadyStateAllocatesNothingWhileFollowingAndWhileDetecting()
    {
        Frame frame = BlazePoseTestData.ImageFrame("messi5.jpg");
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        for (int i = 0; i < 5; i++)
        {
            _estimator.Estimate(frame, ref estimate, ref timings);
        }

        Assert.False(_estimator.LastFrameRanDetector);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            _estimator.Estimate(frame, ref estimate, ref timings);
        }

        long following = GC.GetAllocatedBytesForCurrentThread() - before;

        _estimator.DetectEveryFrame = true;
        _estimator.Estimate(frame, ref estimate, ref timings);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            _estimator.Estimate(frame, ref estimate, ref timings);
            Assert.True(_estimator.LastFrameRanDetector);
        }

        long detecting = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, following);
        Assert.Equal(0, detecting);
        Assert.Equal(1, estimate.TargetsInView);
    }

    private PoseEstimate Run(Frame frame)
    {
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        _estimator.Estimate(frame, ref estimate, ref timings);
        return estimate;
    }

    /// <summary>Every visible landmark lies in the labelled box, and most landmarks are visible.</summary>
    private static void AssertOnBody(PoseEstimate person, float xMin, float yMin, float xMax, float yMax)
    {
        int visible = 0;
        for (int k = 0; k < person.KeypointCount; k++)
        {
            Keypoint p = person.Keypoints[k];
            if (p.Confidence < 0.5f)
            {
                continue;
            }

            visible++;
            Assert.True(p.XPx >= xMin && p.XPx <= xMax && p.YPx >= yMin && p.YPx <= yMax,
                $"{(BodyLandmark)k} at ({p.XPx:F0}, {p.YPx:F0}) is outside the person's box [{xMin}, {xMax}] × [{yMin}, {yMax}]");
        }

        Assert.True(visible >= 15, $"only {visible} of 33 landmarks are visible");
    }

    /// <summary>World landmarks: metres around the hips, a shoulder-to-hip length of a grown-up.</summary>
    private static void AssertMetric(PoseEstimate person)
    {
        Assert.Equal(33, person.WorldLandmarkCount);
        WorldLandmark leftHip = person.WorldLandmarks[(int)BodyLandmark.LeftHip];
        WorldLandmark rightHip = person.WorldLandmarks[(int)BodyLandmark.RightHip];
        Assert.InRange((leftHip.XM + rightHip.XM) / 2, -0.05f, 0.05f);
        Assert.InRange((leftHip.YM + rightHip.YM) / 2, -0.05f, 0.05f);
        WorldLandmark shoulder = person.WorldLandmarks[(int)BodyLandmark.LeftShoulder];
        float torso = MathF.Sqrt(Sq(shoulder.XM - leftHip.XM) + Sq(shoulder.YM - leftHip.YM) + Sq(shoulder.ZM - leftHip.ZM));
        Assert.InRange(torso, 0.35f, 0.7f);
        // The head is above the hips: −y in the camera's optical frame.
        Assert.True(person.WorldLandmarks[(int)BodyLandmark.Nose].YM < -0.3f);
    }

    private static float Sq(float v) => v * v;

    private static System.Numerics.Vector2 Mean(PoseEstimate person)
    {
        var sum = System.Numerics.Vector2.Zero;
        for (int k = 0; k < person.KeypointCount; k++)
        {
            sum += new System.Numerics.Vector2(person.Keypoints[k].XPx, person.Keypoints[k].YPx);
        }

        return sum / Math.Max(1, person.KeypointCount);
    }
}
