using OpenCvSharp;
using RobotEdge.Perception.BlazePose;
using RobotEdge.ReferenceCheck.Comparison;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.MediaPipe;

namespace RobotEdge.ReferenceCheck.Tests;

/// <summary>
/// Our BlazePose pipeline (the committed lite card, models converted on first use) against
/// MediaPipe's own pose solution with the same lite landmark model, on real images: both find a
/// person in the same images, and where they do our 33 landmarks lie within the bound of
/// MediaPipe's (mean ≤ 1 % of the image diagonal). Bounded to four images: the full comparison
/// is <c>robotedge-reference mediapipe</c>.
/// </summary>
public sealed class PipelineAgreementTests
{
    [Fact]
    public async Task OurLandmarksAgreeWithMediaPipesOnRealImages()
    {
        using BlazePoseEstimator ours = BlazePoseCards.Load(BlazePoseCards.Find("lite"), maxPeople: 4);
        await using MediaPipePoseReference mediaPipe = await MediaPipePoseReference.StartAsync(modelComplexity: 0);
        var comparison = new PipelineComparison(mediaPipe, ours);

        // Frame 529 of vtest.avi has a pedestrian near the camera that both find; frame 0's are all
        // too small for the detector on the whole frame, for MediaPipe and for us alike.
        using Mat messi = Cv2.ImRead(ReferenceInputFactory.SampleFile("messi5.jpg"));
        using Mat basketball = Cv2.ImRead(ReferenceInputFactory.SampleFile("basketball1.png"));
        using Mat walking = ComparisonImages.VideoFrame(529);
        using Mat distant = ComparisonImages.VideoFrame(0);

        foreach ((string label, Mat image) in new[] { ("messi5.jpg", messi), ("basketball1.png", basketball), ("vtest.avi frame 529", walking) })
        {
            LandmarkFrameResult result = await comparison.CompareAsync(label, image);
            Assert.True(result.MediaPipeFound, $"{label}: MediaPipe found nobody");
            Assert.True(result.OurPeople > 0, $"{label}: our pipeline found nobody");
            Assert.True(result.MeanErrorOfDiagonal <= PipelineComparison.MeanErrorOfDiagonalTarget,
                $"{label}: mean landmark error {result.MeanErrorPx:F2} px = {result.MeanErrorOfDiagonal:P2} of the diagonal");
            // World landmarks (metres about the hips): within 10 cm on average of MediaPipe's.
            Assert.True(result.MeanWorldErrorM < 0.10, $"{label}: world landmarks {result.MeanWorldErrorM:F3} m off");
        }

        LandmarkFrameResult none = await comparison.CompareAsync("vtest.avi frame 0", distant);
        Assert.Equal(none.MediaPipeFound, none.OurPeople > 0);
    }
}
