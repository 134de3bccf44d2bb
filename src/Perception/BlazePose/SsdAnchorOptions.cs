namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// The parameters of MediaPipe's SSD anchor generator (<c>SsdAnchorsCalculatorOptions</c>), the
/// subset the pose detector uses. Anchor centres are normalised to the detector's input, [0, 1].
/// </summary>
/// <param name="InputWidth">Detector input width, pixels.</param>
/// <param name="InputHeight">Detector input height, pixels.</param>
/// <param name="MinScale">Anchor scale of the first layer, as a fraction of the input.</param>
/// <param name="MaxScale">Anchor scale of the last layer.</param>
/// <param name="AnchorOffsetX">Offset of an anchor centre inside its feature-map cell, cells (0.5: the cell's centre).</param>
/// <param name="AnchorOffsetY">Offset of an anchor centre inside its feature-map cell, cells.</param>
/// <param name="Strides">Input pixels per feature-map cell, one per layer; consecutive equal strides share one feature map.</param>
/// <param name="AspectRatios">Anchor aspect ratios (width / height) per layer.</param>
/// <param name="InterpolatedScaleAspectRatio">Aspect ratio of the extra anchor at the geometric mean of a layer's and the next layer's scale; 0: none.</param>
/// <param name="FixedAnchorSize">Every anchor is 1 × 1 (the box regressor's sizes are then relative to the input).</param>
public sealed record SsdAnchorOptions(
    int InputWidth,
    int InputHeight,
    float MinScale,
    float MaxScale,
    float AnchorOffsetX,
    float AnchorOffsetY,
    int[] Strides,
    float[] AspectRatios,
    float InterpolatedScaleAspectRatio,
    bool FixedAnchorSize)
{
    /// <summary>
    /// The options MediaPipe publishes for the pose detector (<c>pose_detection_cpu.pbtxt</c>): a
    /// 224 × 224 input, five layers at strides 8, 16, 32, 32, 32, scales 0.1484375 to 0.75, aspect
    /// ratio 1 plus the interpolated one, fixed anchor size. That is 2 anchors per cell of the 28×28
    /// and 14×14 maps and 6 per cell of the shared 7×7 map: 1568 + 392 + 294 = 2254 anchors.
    /// </summary>
    public static SsdAnchorOptions PoseDetection { get; } = new(
        InputWidth: 224,
        InputHeight: 224,
        MinScale: 0.1484375f,
        MaxScale: 0.75f,
        AnchorOffsetX: 0.5f,
        AnchorOffsetY: 0.5f,
        Strides: [8, 16, 32, 32, 32],
        AspectRatios: [1f],
        InterpolatedScaleAspectRatio: 1f,
        FixedAnchorSize: true);
}
