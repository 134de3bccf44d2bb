using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Tests.Decoding;

/// <summary>The SimCC decoder on hand-built classification vectors with known answers.</summary>
public class SimccDecoderTests
{
    private static readonly LetterboxGeometry Geometry = new(640, 480, 192, 256);

    /// <summary>A Gaussian classification vector of <paramref name="bins"/> bins peaking at bin <paramref name="centre"/>.</summary>
    private static void FillGaussian(Span<float> vector, double centre, double sigma, float peak)
    {
        for (int b = 0; b < vector.Length; b++)
        {
            vector[b] = (float)(peak * Math.Exp(-(b - centre) * (b - centre) / (2 * sigma * sigma)));
        }
    }

    [Theory]
    [InlineData(100.0, 200.0)]
    [InlineData(100.5, 200.25)]
    [InlineData(37.3, 411.8)]
    public void PeaksDecodeToTheirBinOverTheSplitRatioInFramePixels(double binX, double binY)
    {
        var spec = new ModelOutputSpec { Decoder = OutputDecoder.Simcc, NameY = "y", SplitRatio = 2, PeakValue = 1 };
        var decoder = new SimccDecoder(spec, [1, 2, 384], [1, 2, 512], Geometry);
        var x = new float[2 * 384];
        var y = new float[2 * 512];
        // Keypoint 0 at (binX, binY), sure on x (0.9) and less so on y (0.6); keypoint 1 elsewhere.
        FillGaussian(x.AsSpan(0, 384), binX, 1.5, 0.9f);
        FillGaussian(y.AsSpan(0, 512), binY, 1.5, 0.6f);
        FillGaussian(x.AsSpan(384), 10, 1.5, 0.8f);
        FillGaussian(y.AsSpan(512), 500, 1.5, 0.8f);
        var detections = new PoseDetectionList(1);

        decoder.Decode(x, y, detections);

        Assert.Equal(1, detections.Count);
        var k0 = detections[0].Keypoints[0];
        // Tensor coordinate = bin / split; the parabola through three samples of a Gaussian of σ 1.5 bins
        // lands within 0.025 bins of its centre → 0.013 tensor px → 0.04 frame px at scale 0.3.
        Assert.Equal(Geometry.TensorToFrameX(binX / 2), k0.XPx, 0.07);
        Assert.Equal(Geometry.TensorToFrameY(binY / 2), k0.YPx, 0.07);
        // Confidence is the weaker axis (RTMPose's rule), within float rounding of the sampled maximum.
        Assert.InRange(k0.Confidence, 0.58f, 0.6f);
        var k1 = detections[0].Keypoints[1];
        Assert.Equal(Geometry.TensorToFrameX(5), k1.XPx, 0.07);
        Assert.Equal(Geometry.TensorToFrameY(250), k1.YPx, 0.07);
        Assert.Equal(0.8f, k1.Confidence, 1e-6f);
        // The box bounds the keypoints found.
        Assert.Equal(Math.Min(k0.XPx, k1.XPx), detections[0].Left);
        Assert.Equal(Math.Max(k0.YPx, k1.YPx), detections[0].Bottom);
    }

    [Fact]
    public void AllZeroVectorsGiveZeroConfidence()
    {
        var spec = new ModelOutputSpec { Decoder = OutputDecoder.Simcc, NameY = "y", SplitRatio = 2 };
        var decoder = new SimccDecoder(spec, [1, 1, 384], [1, 1, 512], Geometry);
        var detections = new PoseDetectionList(1);
        decoder.Decode(new float[384], new float[512], detections);
        Assert.Equal(0f, detections[0].Keypoints[0].Confidence);
        Assert.Equal(0f, detections[0].Score);
    }

    [Theory]
    [InlineData(383, 512)]   // x bins do not span 192 px at split 2
    [InlineData(384, 500)]   // y bins do not span 256 px
    public void VectorsThatDoNotSpanTheInputAreRejected(int binsX, int binsY)
    {
        var spec = new ModelOutputSpec { Decoder = OutputDecoder.Simcc, NameY = "y", SplitRatio = 2 };
        var e = Assert.Throws<ArgumentException>(() => new SimccDecoder(spec, [1, 4, binsX], [1, 4, binsY], Geometry));
        Assert.Contains("do not span", e.Message);
    }

    [Fact]
    public void MismatchedKeypointCountsAreRejected()
    {
        var spec = new ModelOutputSpec { Decoder = OutputDecoder.Simcc, NameY = "y", SplitRatio = 2 };
        Assert.Throws<ArgumentException>(() => new SimccDecoder(spec, [1, 4, 384], [1, 3, 512], Geometry));
    }

    [Fact]
    public void ParabolaRefinementIsExactForAParabola()
    {
        // Samples of 5 − (b − 7.3)²: the vertex is at 7.3 exactly.
        var v = new float[16];
        for (int b = 0; b < v.Length; b++)
        {
            v[b] = (float)(5 - (b - 7.3) * (b - 7.3));
        }

        Assert.Equal(7.3, SimccDecoder.PeakBin(v, out _), 1e-5);
    }
}
