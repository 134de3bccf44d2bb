namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// Turns the pose detector's raw outputs into scored boxes with keypoints, as MediaPipe's
/// <c>TensorsToDetectionsCalculator</c> does with the options it publishes for this model: per
/// anchor 12 values (box centre x, y, width, height, then four keypoints x, y — x before y,
/// "reverse output order"), all in input pixels relative to the anchor's centre and divided by
/// the input size (224), and a score logit clipped to ±100 then passed through the logistic
/// function. Anchors scoring below <see cref="MinScore"/> are dropped.
/// Output coordinates are fractions of the detector's input, [0, 1] inside it.
/// Allocation-free after construction; one thread.
/// </summary>
public sealed class PersonDetectionDecoder
{
    /// <summary>Values per anchor in the box tensor: 4 box values and 4 keypoints × (x, y).</summary>
    public const int ValuesPerAnchor = 4 + DetectionKeypoints.Count * 2;

    /// <summary>The logit is clipped to ± this before the logistic function (MediaPipe's <c>score_clipping_thresh</c>).</summary>
    public const float ScoreClippingLogit = 100f;

    private readonly SsdAnchor[] _anchors;
    private readonly float _xScale;
    private readonly float _yScale;
    private readonly float _minScoreLogit;

    /// <summary>Creates a decoder for the anchors <paramref name="options"/> generate.</summary>
    /// <param name="options">The detector's anchor options (their input size is also the coordinate scale).</param>
    /// <param name="minScore">Lowest score kept, in (0, 1); MediaPipe uses 0.5.</param>
    public PersonDetectionDecoder(SsdAnchorOptions options, float minScore)
    {
        if (!(minScore > 0 && minScore < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minScore), minScore, "the lowest detection score kept must be within (0, 1)");
        }

        _anchors = SsdAnchorGenerator.Generate(options);
        _xScale = options.InputWidth;
        _yScale = options.InputHeight;
        MinScore = minScore;
        // Comparing logits avoids an exponential per anchor: the logistic function is monotonic.
        _minScoreLogit = MathF.Log(minScore / (1 - minScore));
    }

    /// <summary>Number of anchors (rows of the detector's outputs).</summary>
    public int AnchorCount => _anchors.Length;

    /// <summary>The anchors, in output row order.</summary>
    public ReadOnlySpan<SsdAnchor> Anchors => _anchors;

    /// <summary>Lowest score kept.</summary>
    public float MinScore { get; }

    /// <summary>
    /// Decodes every anchor scoring at least <see cref="MinScore"/> into <paramref name="detections"/>
    /// (in anchor order) and returns how many were written; stops when the span is full. Real-time safe.
    /// </summary>
    /// <param name="boxes">The box output, <see cref="AnchorCount"/> × <see cref="ValuesPerAnchor"/> floats.</param>
    /// <param name="scoreLogits">The score output, <see cref="AnchorCount"/> floats (logits).</param>
    /// <param name="detections">Where the kept anchors' detections go.</param>
    public int Decode(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scoreLogits, Span<PersonDetection> detections)
    {
        if (boxes.Length < _anchors.Length * ValuesPerAnchor || scoreLogits.Length < _anchors.Length)
        {
            ThrowShape(boxes.Length, scoreLogits.Length);
        }

        int count = 0;
        for (int i = 0; i < _anchors.Length && count < detections.Length; i++)
        {
            float logit = Math.Clamp(scoreLogits[i], -ScoreClippingLogit, ScoreClippingLogit);
            if (logit < _minScoreLogit)
            {
                continue;
            }

            DecodeAnchor(boxes.Slice(i * ValuesPerAnchor, ValuesPerAnchor), _anchors[i], ref detections[count]);
            detections[count].Score = 1f / (1f + MathF.Exp(-logit));
            count++;
        }

        return count;
    }

    private void DecodeAnchor(ReadOnlySpan<float> raw, in SsdAnchor anchor, ref PersonDetection detection)
    {
        float xCenter = raw[0] / _xScale * anchor.Width + anchor.XCenter;
        float yCenter = raw[1] / _yScale * anchor.Height + anchor.YCenter;
        float width = raw[2] / _xScale * anchor.Width;
        float height = raw[3] / _yScale * anchor.Height;
        detection.XMin = xCenter - width * 0.5f;
        detection.YMin = yCenter - height * 0.5f;
        detection.XMax = xCenter + width * 0.5f;
        detection.YMax = yCenter + height * 0.5f;
        for (int k = 0; k < DetectionKeypoints.Count; k++)
        {
            detection.Keypoints[k] = new System.Numerics.Vector2(
                raw[4 + 2 * k] / _xScale * anchor.Width + anchor.XCenter,
                raw[5 + 2 * k] / _yScale * anchor.Height + anchor.YCenter);
        }
    }

    private void ThrowShape(int boxes, int scores) =>
        throw new ArgumentException(
            $"the pose detector's outputs hold {boxes} box values and {scores} scores; {_anchors.Length} anchors need {_anchors.Length * ValuesPerAnchor} and {_anchors.Length}");
}
