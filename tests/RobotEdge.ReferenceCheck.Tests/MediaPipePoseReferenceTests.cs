using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.MediaPipe;

namespace RobotEdge.ReferenceCheck.Tests;

/// <summary>
/// MediaPipe's own pose solution in Chromium (SwiftShader WebGL) on opencv-doc's messi5.jpg
/// (548×342), checked against points labelled by hand on 4× zooms of the photo (±20 px is about
/// 3 % of the image's diagonal, looser than a label's uncertainty of a few pixels).
/// </summary>
public sealed class MediaPipePoseReferenceTests
{
    private const double LabelTolerancePx = 20;

    [Fact]
    public async Task FindsMessiWhereHeWasLabelled()
    {
        await using MediaPipePoseReference reference = await MediaPipePoseReference.StartAsync(modelComplexity: 0);
        MediaPipePose? pose = await reference.EstimateAsync(ReferenceInputFactory.SampleFile("messi5.jpg"));

        Assert.NotNull(pose);
        Assert.Equal(548, pose.ImageWidth);
        Assert.Equal(342, pose.ImageHeight);
        Assert.Equal(33, pose.Landmarks.Length);
        Assert.Equal(33, pose.WorldLandmarks.Length);

        AssertNear(pose, 240, 114, 0, "nose");
        AssertNear(pose, 100, 102, 16, "right wrist (image left)");
        AssertNear(pose, 345, 163, 15, "left wrist (image right)");
        double hipsX = (pose.PixelX(23) + pose.PixelX(24)) / 2, hipsY = (pose.PixelY(23) + pose.PixelY(24)) / 2;
        Assert.True(Math.Abs(hipsX - 268) < LabelTolerancePx && Math.Abs(hipsY - 228) < LabelTolerancePx, $"hips' midpoint at ({hipsX:F1}, {hipsY:F1})");

        // World landmarks: metres with the origin at the hips' midpoint, so the hips sit about the
        // origin and the nose is an adult's 0.4–0.9 m above them (y points down, as in the image).
        MediaPipeLandmark leftHip = pose.WorldLandmarks[23], rightHip = pose.WorldLandmarks[24], nose = pose.WorldLandmarks[0];
        Assert.True(Math.Abs((leftHip.X + rightHip.X) / 2) < 0.05 && Math.Abs((leftHip.Y + rightHip.Y) / 2) < 0.05, "hips off the world origin");
        Assert.InRange(-nose.Y, 0.4, 0.9);
    }

    [Fact]
    public async Task FindsNobodyInAnEmptyImage()
    {
        await using MediaPipePoseReference reference = await MediaPipePoseReference.StartAsync(modelComplexity: 0);
        // A plain grey PNG, made here: nothing in it looks like a person.
        byte[] grey = GreyPng(320, 240);
        Assert.Null(await reference.EstimateAsync("grey.png", grey));
    }

    private static void AssertNear(MediaPipePose pose, double x, double y, int landmark, string what)
    {
        double dx = pose.PixelX(landmark) - x, dy = pose.PixelY(landmark) - y;
        Assert.True(Math.Sqrt(dx * dx + dy * dy) < LabelTolerancePx,
            $"{what} at ({pose.PixelX(landmark):F1}, {pose.PixelY(landmark):F1}) px, labelled at ({x}, {y})");
    }

    private static byte[] GreyPng(int width, int height)
    {
        using var image = new OpenCvSharp.Mat(height, width, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(128, 128, 128));
        return image.ImEncode(".png");
    }
}
