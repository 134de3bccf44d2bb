namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// The regions the person detector looks at in a frame: the whole frame letterboxed (what MediaPipe
/// does), then, for a grid of n &gt; 1, n × n square tiles centred on the grid's cells and 1.5 cells
/// wide so that neighbours overlap by half a cell and a person cut by one tile's edge lies whole in
/// the next. Not real-time: computed once per frame size.
/// </summary>
public static class DetectionTiling
{
    /// <summary>How much wider than its grid cell a tile is.</summary>
    public const float TileOverlap = 1.5f;

    /// <summary>The detection regions of a <paramref name="width"/>×<paramref name="height"/> frame for an <paramref name="grid"/> × <paramref name="grid"/> tiling.</summary>
    public static PoseRegion[] Regions(int width, int height, int grid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(grid, 1);
        if (grid == 1)
        {
            return [PoseRegion.WholeFrame(width, height)];
        }

        var regions = new PoseRegion[1 + grid * grid];
        regions[0] = PoseRegion.WholeFrame(width, height);
        float cellWidth = (float)width / grid, cellHeight = (float)height / grid;
        float side = TileOverlap * MathF.Max(cellWidth, cellHeight);
        for (int row = 0; row < grid; row++)
        {
            for (int col = 0; col < grid; col++)
            {
                // Pixel-centre coordinates: the frame spans −0.5 … width − 0.5.
                regions[1 + row * grid + col] = new PoseRegion((col + 0.5f) * cellWidth - 0.5f, (row + 0.5f) * cellHeight - 0.5f, side, 0f);
            }
        }

        return regions;
    }
}
