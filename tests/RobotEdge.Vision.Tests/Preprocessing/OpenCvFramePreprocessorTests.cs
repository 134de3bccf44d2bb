using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Perception.Preprocessing;
using RobotEdge.Sim.Rendering;
using RobotEdge.Vision.Preprocessing;

namespace RobotEdge.Vision.Tests.Preprocessing;

/// <summary>OpenCV's preprocessing against RobotEdge's managed path: same tensor, same keypoints.</summary>
public class OpenCvFramePreprocessorTests
{
    private static byte[] RenderedFrame(double timeS)
    {
        var pixels = new byte[640 * 480 * 3];
        var truth = default(FrameGroundTruth);
        new SceneRenderer(SimScene.Camera).Render(SimScene.CameraPose, SimScene.SweepingTarget(2), timeS, pixels, ref truth);
        return pixels;
    }

    [Theory]
    [InlineData(256, 256, ChannelOrder.Rgb)]
    [InlineData(192, 192, ChannelOrder.Bgr)]
    [InlineData(192, 256, ChannelOrder.Rgb)]   // RTMPose's 192 wide x 256 high: content 192x144, bars above and below
    public void TensorAgreesWithTheManagedPathWithinOneGreyLevel(int width, int height, ChannelOrder order)
    {
        var spec = new ModelInputSpec
        {
            Width = width, Height = height, ChannelOrder = order,
            Mean = [123.675f, 116.28f, 103.53f], Std = [58.395f, 57.12f, 57.375f], PadValue = [114, 114, 114],
        };
        var managed = new FramePreprocessor(spec, 640, 480);
        var opencv = new OpenCvFramePreprocessor(spec, 640, 480);
        var a = new float[managed.TensorLength];
        var b = new float[opencv.TensorLength];
        managed.WriteBorder(a);
        opencv.WriteBorder(b);
        byte[] frame = RenderedFrame(0.7);
        managed.Run(frame, 640 * 3, a);
        opencv.Run(frame, 640 * 3, b);

        double maxGrey = 0, sumGrey = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int c = i / (width * height);
            double grey = Math.Abs(a[i] - b[i]) * spec.Std[c];
            maxGrey = Math.Max(maxGrey, grey);
            sumGrey += grey;
        }

        // OpenCV rounds resized pixels to 8 bits (±0.5) and its 11-bit weights add a little more.
        Assert.True(maxGrey <= 1.0, $"largest difference {maxGrey:F3} grey levels");
        Assert.True(sumGrey / a.Length < 0.3, $"mean difference {sumGrey / a.Length:F3} grey levels");
    }

    [Fact]
    public void KeypointsAreAsAccurateAsWithTheManagedPath()
    {
        var pool = new FramePool(640, 480, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var managed = new PoseEstimator(TestModels.LoadMarkerModel(), 640, 480);
        var model = TestModels.LoadMarkerModel();
        using var opencv = new PoseEstimator(model, new OpenCvFramePreprocessor(model.Card.Input, 640, 480));
        var renderer = new SceneRenderer(SimScene.Camera);
        var target = SimScene.SweepingTarget(2);
        double managedSum = 0, opencvSum = 0;
        int n = 0;
        for (int i = 0; i < 30; i++)
        {
            var truth = default(FrameGroundTruth);
            renderer.Render(SimScene.CameraPose, target, i / 15.0, frame.Pixels, ref truth);
            var e1 = default(PoseEstimate);
            var e2 = default(PoseEstimate);
            var t = default(PerceptionTimings);
            managed.Estimate(frame, ref e1, ref t);
            opencv.Estimate(frame, ref e2, ref t);
            for (int k = 0; k < 4; k++)
            {
                if ((truth.VisibleMask & (1 << k)) == 0)
                {
                    continue;
                }

                managedSum += Math.Sqrt(Math.Pow(e1.Keypoints[k].XPx - truth.Markers[k].U, 2) + Math.Pow(e1.Keypoints[k].YPx - truth.Markers[k].V, 2));
                opencvSum += Math.Sqrt(Math.Pow(e2.Keypoints[k].XPx - truth.Markers[k].U, 2) + Math.Pow(e2.Keypoints[k].YPx - truth.Markers[k].V, 2));
                n++;
            }
        }

        Assert.True(n > 90);
        Assert.True(opencvSum / n < 0.6, $"mean keypoint error {opencvSum / n:F3} px with OpenCV preprocessing");
        Assert.True(Math.Abs(opencvSum / n - managedSum / n) < 0.05, $"{opencvSum / n:F3} px with OpenCV vs {managedSum / n:F3} px managed");
    }

    [Fact]
    public void RunAllocatesNothing()
    {
        var spec = new ModelInputSpec { Width = 256, Height = 256 };
        var opencv = new OpenCvFramePreprocessor(spec, 640, 480);
        byte[] frame = RenderedFrame(0);
        var tensor = new float[opencv.TensorLength];
        for (int i = 0; i < 300; i++)
        {
            opencv.Run(frame, 640 * 3, tensor);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            opencv.Run(frame, 640 * 3, tensor);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("managed", typeof(FramePreprocessor))]
    [InlineData("opencv", typeof(OpenCvFramePreprocessor))]
    public void ConfiguredChoiceIsHonoured(string mode, Type expected)
    {
        IFramePreprocessor p = PreprocessorChoice.Create(mode, new ModelInputSpec { Width = 256, Height = 256 }, 640, 480, NullLogger.Instance);
        Assert.IsType(expected, p);
    }

    [Fact]
    public void AutoPicksOneOfTheTwoAndUnknownModesAreRefused()
    {
        IFramePreprocessor p = PreprocessorChoice.Create("auto", new ModelInputSpec { Width = 192, Height = 192 }, 640, 480, NullLogger.Instance);
        Assert.True(p is FramePreprocessor or OpenCvFramePreprocessor);
        Assert.Throws<ArgumentException>(() => PreprocessorChoice.Create("gpu", new ModelInputSpec { Width = 192, Height = 192 }, 640, 480, NullLogger.Instance));
    }
}
