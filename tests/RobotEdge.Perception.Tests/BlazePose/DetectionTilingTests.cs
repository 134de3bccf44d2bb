using System.Numerics;
using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>The detector's tiles: the whole frame first, then overlapping squares that cover every pixel.</summary>
public class DetectionTilingTests
{
    [Fact]
    public void OneTileIsTheWholeFrameAsMediaPipeLooksAtIt()
    {
        PoseRegion[] regions = DetectionTiling.Regions(768, 576, 1);
        Assert.Equal([PoseRegion.WholeFrame(768, 576)], regions);
    }

    [Fact]
    public void AThreeByThreeGridAddsNineOverlappingSquaresCoveringTheFrame()
    {
        PoseRegion[] regions = DetectionTiling.Regions(768, 576, 3);
        Assert.Equal(10, regions.Length);
        Assert.Equal(PoseRegion.WholeFrame(768, 576), regions[0]);
        // Cells are 256 × 192 px; tiles are 1.5 × the longer side, 384 px, centred on the cells.
        Assert.Equal(new PoseRegion(127.5f, 95.5f, 384, 0), regions[1]);
        Assert.Equal(new PoseRegion(639.5f, 479.5f, 384, 0), regions[9]);
        for (int y = 0; y < 576; y += 23)
        {
            for (int x = 0; x < 768; x += 17)
            {
                // Every pixel lies in some tile with at least a quarter cell (64 px) to spare on each side.
                Assert.Contains(regions[1..], r =>
                {
                    Vector2 uv = r.FromFrame(new Vector2(x, y));
                    return uv.X is > 1f / 6 and < 5f / 6 && uv.Y is > 1f / 6 and < 5f / 6;
                });
            }
        }
    }
}
