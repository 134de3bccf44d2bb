using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Sim.Rendering;
using RobotEdge.Vision.Capture;

namespace RobotEdge.Vision.Tests.Capture;

/// <summary>
/// Simulator frames written to a video file by OpenCV's writer, played back through
/// <see cref="OpenCvFrameSource"/> into the perception pipeline, judged against the renderer's truth
/// and against the same frames fed from memory.
/// </summary>
public class VideoFileSourceTests
{
    private const int FrameCount = 60;
    private const double Fps = 30;

    [Theory]
    [InlineData("FFV1", "clip.mkv", true, 1e-9)]   // lossless: the very same pixels, the very same keypoints
    [InlineData("MJPG", "clip.avi", false, 0.25)]  // JPEG at quality 100 still subsamples colour: a stated margin
    public void PlaybackGivesTheSameKeypointAccuracyAsTheInMemoryCamera(string fourCc, string fileName, bool lossless, double toleranceMeanPx)
    {
        using var temp = new TempDirectory();
        string path = temp.File(fileName);
        var camera = SimScene.Camera;
        var renderer = new SceneRenderer(camera);
        var target = SimScene.SweepingTarget(FrameCount / Fps);
        var pool = new FramePool(camera.Width, camera.Height, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var estimator = new PoseEstimator(TestModels.LoadMarkerModel(), camera.Width, camera.Height);
        var truths = new FrameGroundTruth[FrameCount];
        var memoryErrors = new List<double>();
        var rendered = new byte[FrameCount][];

        using (var writer = new VideoFileWriter(path, fourCc, Fps, camera.Width, camera.Height))
        {
            for (int i = 0; i < FrameCount; i++)
            {
                renderer.Render(SimScene.CameraPose, target, i / Fps, frame.Pixels, ref truths[i]);
                frame.Stamp = new FrameStamp(i, 0, 0);
                memoryErrors.AddRange(Errors(estimator, frame, truths[i], i));
                writer.Write(frame.Pixels, frame.StrideBytes);
                rendered[i] = (byte[])frame.Pixels.Clone();
            }
        }

        var fileErrors = new List<double>();
        using (var source = OpenCvFrameSource.OpenFile(path, ReplayPacing.AsFastAsPossible))
        {
            Assert.Equal((camera.Width, camera.Height), (source.Width, source.Height));
            Assert.Equal("FFMPEG", source.Backend);
            for (int i = 0; i < FrameCount; i++)
            {
                Array.Clear(frame.Pixels);
                Assert.True(source.TryCapture(frame), $"the file ended after {i} of {FrameCount} frames");
                Assert.Equal(i, frame.Stamp.Sequence);
                // Matroska keeps milliseconds, AVI frame numbers: within half a millisecond either way.
                Assert.Equal(i * 1000 / Fps, source.LastPositionMs, 0.5);
                if (lossless)
                {
                    Assert.True(rendered[i].AsSpan().SequenceEqual(frame.Pixels), $"frame {i} differs from what was rendered");
                }

                fileErrors.AddRange(Errors(estimator, frame, truths[i], i));
            }

            Assert.False(source.TryCapture(frame), "the file should end after the frames written");
        }

        Assert.Equal(memoryErrors.Count, fileErrors.Count);
        Assert.True(memoryErrors.Count >= FrameCount * 3, $"only {memoryErrors.Count} visible markers");
        double memoryMean = memoryErrors.Average(), fileMean = fileErrors.Average();
        Assert.True(fileMean < 0.6, $"{fourCc}: mean keypoint error {fileMean:F3} px through the file");
        Assert.True(Math.Abs(fileMean - memoryMean) <= toleranceMeanPx,
            $"{fourCc}: mean error {fileMean:F3} px through the file vs {memoryMean:F3} px from memory");
        Assert.True(fileErrors.Max() < 2.0, $"{fourCc}: max error {fileErrors.Max():F3} px through the file");
    }

    [Fact]
    public void CaptureAllocatesNothingInSteadyStateIncludingLoopingBack()
    {
        using var temp = new TempDirectory();
        string path = temp.File("short.mkv");
        var pixels = new byte[64 * 48 * 3];
        using (var writer = new VideoFileWriter(path, "FFV1", Fps, 64, 48))
        {
            for (int i = 0; i < 10; i++)
            {
                pixels.AsSpan().Fill((byte)(i * 20));
                writer.Write(pixels, 64 * 3);
            }
        }

        var pool = new FramePool(64, 48, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var source = OpenCvFrameSource.OpenFile(path, ReplayPacing.AsFastAsPossible, loop: true);
        for (int i = 0; i < 305; i++)
        {
            Assert.True(source.TryCapture(frame));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            Assert.True(source.TryCapture(frame));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // 505 frames from a 10-frame file: sequence numbers keep counting across loops, pixels follow the file.
        Assert.Equal(504, frame.Stamp.Sequence);
        Assert.Equal((byte)(4 * 20), frame.Pixels[0]);
    }

    [Fact]
    public void RecordedRateReplayStampsFramesAtTheirPresentationTimes()
    {
        using var temp = new TempDirectory();
        string path = temp.File("paced.mkv");
        var pixels = new byte[64 * 48 * 3];
        using (var writer = new VideoFileWriter(path, "FFV1", 50, 64, 48))
        {
            for (int i = 0; i < 6; i++)
            {
                writer.Write(pixels, 64 * 3);
            }
        }

        var pool = new FramePool(64, 48, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var source = OpenCvFrameSource.OpenFile(path, ReplayPacing.RecordedRate);
        Assert.True(source.TryCapture(frame));
        long first = frame.Stamp.CaptureNs;
        for (int i = 1; i < 6; i++)
        {
            Assert.True(source.TryCapture(frame));
            // Stamps follow the file's clock (20 ms apart at 50 fps), not the reading thread's.
            Assert.Equal(i * 20_000_000L, frame.Stamp.CaptureNs - first);
        }

        Assert.False(source.TryCapture(frame));
    }

    [Fact]
    public void MissingFilesAndWrongFrameSizesAreClearErrors()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => OpenCvFrameSource.OpenFile("/nonexistent/clip.mkv", ReplayPacing.AsFastAsPossible));
        Assert.Contains("/nonexistent/clip.mkv", missing.Message);
        Assert.Throws<FileNotFoundException>(() => OpenCvFrameSource.OpenDevice("/dev/video-none", 640, 480, 30));
        // A file that is not a V4L2 device: the V4L2 backend refuses it, and the bridge says which.
        var notCamera = Assert.Throws<Interop.OpenCvException>(() => OpenCvFrameSource.OpenDevice("/dev/null", 640, 480, 30, "MJPG"));
        Assert.Equal(Interop.OpenCvStatus.OpenFailed, notCamera.Status);
        Assert.Contains("V4L2 device /dev/null", notCamera.Message);

        using var temp = new TempDirectory();
        string path = temp.File("small.mkv");
        using (var writer = new VideoFileWriter(path, "FFV1", Fps, 64, 48))
        {
            writer.Write(new byte[64 * 48 * 3], 64 * 3);
        }

        using var source = OpenCvFrameSource.OpenFile(path, ReplayPacing.AsFastAsPossible);
        var pool = new FramePool(640, 480, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        var e = Assert.Throws<ArgumentException>(() => source.TryCapture(frame));
        Assert.Contains("64x48", e.Message);
    }

    private static IEnumerable<double> Errors(PoseEstimator estimator, Frame frame, FrameGroundTruth truth, int index)
    {
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        estimator.Estimate(frame, ref estimate, ref timings);
        var errors = new List<double>(4);
        for (int k = 0; k < 4; k++)
        {
            if ((truth.VisibleMask & (1 << k)) == 0)
            {
                continue;
            }

            Keypoint found = estimate.Keypoints[k];
            Assert.True(found.Confidence >= estimator.MinConfidence, $"frame {index}: marker {k} not found");
            double dx = found.XPx - truth.Markers[k].U, dy = found.YPx - truth.Markers[k].V;
            errors.Add(Math.Sqrt(dx * dx + dy * dy));
        }

        return errors;
    }
}
