using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>
/// The pose detector's anchors against the layout MediaPipe's generator produces for the published
/// options (worked out by hand below, not by calling the generator's logic again).
/// </summary>
public class SsdAnchorGeneratorTests
{
    private static readonly SsdAnchor[] Anchors = SsdAnchorGenerator.Generate(SsdAnchorOptions.PoseDetection);

    [Fact]
    public void ThePoseDetectorHas2254Anchors()
    {
        // 28×28 cells × 2 (stride 8) + 14×14 × 2 (stride 16) + 7×7 × (3 layers × 2) (stride 32, shared map).
        Assert.Equal(28 * 28 * 2 + 14 * 14 * 2 + 7 * 7 * 6, Anchors.Length);
        Assert.Equal(2254, Anchors.Length);
    }

    [Fact]
    public void EveryAnchorSitsAtItsCellCentreInRowMajorOrderWithUnitSize()
    {
        // The published layout: per feature map, rows, then columns, then the anchors of a cell.
        (int Cells, int PerCell)[] maps = [(28, 2), (14, 2), (7, 6)];
        int index = 0;
        foreach ((int cells, int perCell) in maps)
        {
            for (int y = 0; y < cells; y++)
            {
                for (int x = 0; x < cells; x++)
                {
                    for (int a = 0; a < perCell; a++, index++)
                    {
                        SsdAnchor anchor = Anchors[index];
                        Assert.Equal((x + 0.5f) / cells, anchor.XCenter, 6);
                        Assert.Equal((y + 0.5f) / cells, anchor.YCenter, 6);
                        Assert.Equal(1f, anchor.Width);
                        Assert.Equal(1f, anchor.Height);
                    }
                }
            }
        }

        Assert.Equal(Anchors.Length, index);
    }

    [Theory]
    [InlineData(0, 0.5f / 28, 0.5f / 28)]
    [InlineData(1567, 27.5f / 28, 27.5f / 28)]
    [InlineData(1568, 0.5f / 14, 0.5f / 14)]
    [InlineData(1960, 0.5f / 7, 0.5f / 7)]
    [InlineData(2253, 6.5f / 7, 6.5f / 7)]
    public void LayerBoundariesFallWhereThePublishedLayoutPutsThem(int index, float x, float y)
    {
        Assert.Equal(x, Anchors[index].XCenter, 6);
        Assert.Equal(y, Anchors[index].YCenter, 6);
    }

    [Fact]
    public void WithoutAFixedSizeAnchorsCarryTheLayerScales()
    {
        // Two layers at strides 8 and 16, scales 0.2 and 0.6: layer 0 has aspect 1 at 0.2 and the
        // interpolated sqrt(0.2 · 0.6); the last layer interpolates towards 1.
        var options = new SsdAnchorOptions(32, 32, 0.2f, 0.6f, 0.5f, 0.5f, [8, 16], [1f], 1f, FixedAnchorSize: false);
        SsdAnchor[] anchors = SsdAnchorGenerator.Generate(options);
        Assert.Equal(4 * 4 * 2 + 2 * 2 * 2, anchors.Length);
        Assert.Equal(0.2f, anchors[0].Width, 6);
        Assert.Equal(MathF.Sqrt(0.2f * 0.6f), anchors[1].Width, 6);
        Assert.Equal(0.6f, anchors[32].Height, 6);
        Assert.Equal(MathF.Sqrt(0.6f), anchors[33].Height, 6);
    }
}
