namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// Generates SSD anchors the way MediaPipe's <c>SsdAnchorsCalculator</c> does, so that anchor
/// <c>i</c> is the one the detector's output row <c>i</c> regresses from: layers in order, layers
/// of equal stride merged into one feature map, and per feature map rows, then columns, then the
/// anchors of a cell. Not real-time: called once when the detector is loaded.
/// </summary>
public static class SsdAnchorGenerator
{
    /// <summary>Every anchor <paramref name="options"/> describe, in the detector's output order.</summary>
    public static SsdAnchor[] Generate(SsdAnchorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int layers = options.Strides.Length;
        if (layers == 0)
        {
            throw new ArgumentException("SSD anchors need at least one stride", nameof(options));
        }

        var anchors = new List<SsdAnchor>();
        int layer = 0;
        while (layer < layers)
        {
            var widths = new List<float>();
            var heights = new List<float>();
            int last = layer;
            // Layers of equal stride share one feature map: their anchors are interleaved per cell.
            while (last < layers && options.Strides[last] == options.Strides[layer])
            {
                float scale = Scale(options, last);
                foreach (float ratio in options.AspectRatios)
                {
                    AddShape(widths, heights, scale, ratio);
                }

                if (options.InterpolatedScaleAspectRatio > 0)
                {
                    float next = last == layers - 1 ? 1f : Scale(options, last + 1);
                    AddShape(widths, heights, MathF.Sqrt(scale * next), options.InterpolatedScaleAspectRatio);
                }

                last++;
            }

            int stride = options.Strides[layer];
            int mapHeight = (int)Math.Ceiling((double)options.InputHeight / stride);
            int mapWidth = (int)Math.Ceiling((double)options.InputWidth / stride);
            for (int y = 0; y < mapHeight; y++)
            {
                for (int x = 0; x < mapWidth; x++)
                {
                    for (int a = 0; a < widths.Count; a++)
                    {
                        float xCenter = (x + options.AnchorOffsetX) / mapWidth;
                        float yCenter = (y + options.AnchorOffsetY) / mapHeight;
                        anchors.Add(options.FixedAnchorSize
                            ? new SsdAnchor(xCenter, yCenter, 1f, 1f)
                            : new SsdAnchor(xCenter, yCenter, widths[a], heights[a]));
                    }
                }
            }

            layer = last;
        }

        return anchors.ToArray();
    }

    /// <summary>Linear from the first layer's <see cref="SsdAnchorOptions.MinScale"/> to the last layer's <see cref="SsdAnchorOptions.MaxScale"/>.</summary>
    private static float Scale(SsdAnchorOptions options, int layer) =>
        options.Strides.Length == 1
            ? (options.MinScale + options.MaxScale) * 0.5f
            : options.MinScale + (options.MaxScale - options.MinScale) * layer / (options.Strides.Length - 1f);

    private static void AddShape(List<float> widths, List<float> heights, float scale, float aspectRatio)
    {
        float root = MathF.Sqrt(aspectRatio);
        widths.Add(scale * root);
        heights.Add(scale / root);
    }
}
