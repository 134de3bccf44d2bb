using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Tests;

public class HeatmapDecoderTests
{
    [Theory]
    [InlineData(40.0, 50.0)]
    [InlineData(40.3, 50.7)]
    [InlineData(10.5, 100.25)]
    [InlineData(2.0, 3.0)]
    public void GaussianBlobDecodesToItsCentreInFramePixels(double cellX, double cellY)
    {
        const int map = 128;
        var output = new ModelOutputSpec { Stride = 2, PeakValue = 1f };
        var geometry = new LetterboxGeometry(640, 480, 256, 256);
        var decoder = new HeatmapDecoder(output, [1, 1, map, map], geometry);
        var heatmap = new float[map * map];
        float highestCell = 0;
        for (int y = 0; y < map; y++)
        {
            for (int x = 0; x < map; x++)
            {
                double d2 = (x - cellX) * (x - cellX) + (y - cellY) * (y - cellY);
                heatmap[y * map + x] = (float)Math.Exp(-d2 / (2 * 0.8 * 0.8));
                highestCell = Math.Max(highestCell, heatmap[y * map + x]);
            }
        }

        var keypoints = default(KeypointSet);
        decoder.Decode(heatmap, ref keypoints);

        double expectedX = geometry.TensorToFrameX((cellX + 0.5) * 2 - 0.5);
        double expectedY = geometry.TensorToFrameY((cellY + 0.5) * 2 - 0.5);
        // The 5x5 centroid of a sampled Gaussian is within 0.05 cells of its centre → 0.25 frame px at stride 2, scale 0.4.
        Assert.InRange(keypoints[0].XPx, expectedX - 0.25, expectedX + 0.25);
        Assert.InRange(keypoints[0].YPx, expectedY - 0.25, expectedY + 0.25);
        // Confidence is the highest cell over the card's peak value (1 here).
        Assert.Equal(highestCell, keypoints[0].Confidence);
    }

    [Fact]
    public void EmptyHeatmapHasZeroConfidence()
    {
        var decoder = new HeatmapDecoder(new ModelOutputSpec { Stride = 2 }, [1, 2, 128, 128], new LetterboxGeometry(640, 480, 256, 256));
        var keypoints = default(KeypointSet);
        decoder.Decode(new float[2 * 128 * 128], ref keypoints);
        Assert.Equal(0f, keypoints[0].Confidence);
        Assert.Equal(0f, keypoints[1].Confidence);
    }

    [Fact]
    public void ShapeThatDoesNotCoverTheInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() =>
            new HeatmapDecoder(new ModelOutputSpec { Stride = 4 }, [1, 4, 128, 128], new LetterboxGeometry(640, 480, 256, 256)));
    }
}
