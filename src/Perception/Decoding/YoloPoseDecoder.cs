using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Decoding;

/// <summary>
/// Decodes a YOLO-pose output — per anchor a box (cx, cy, w, h, tensor pixels), a score, and K
/// keypoints (x, y, visibility) — into the targets of one frame: anchors scoring at least
/// <c>minBoxScore</c>, best first, greedy non-maximum suppression at <c>nmsIou</c>, at most
/// <c>maxDetections</c>. Accepts the exporter's layout [1, 5 + 3K, A] and the transposed [1, A, 5 + 3K].
/// </summary>
/// <remarks>
/// YOLO coordinates are continuous (pixel i spans [i, i + 1)); RobotEdge's are pixel centres, so
/// every coordinate is shifted by half a pixel before it is mapped back through the letterbox.
/// Visibilities are taken as probabilities (the exporters apply the sigmoid in the graph).
/// All scratch storage is allocated in the constructor; <see cref="Decode"/> allocates nothing.
/// </remarks>
public sealed class YoloPoseDecoder : IPoseDecoder
{
    private readonly LetterboxGeometry _geometry;
    private readonly int _keypointCount;
    private readonly int _channels;
    private readonly int _anchors;
    private readonly bool _channelsFirst;
    private readonly float _minBoxScore;
    private readonly float _nmsIou;
    private readonly int _maxDetections;

    /// <summary>Anchor index of each candidate, sorted with <see cref="_candidateKeys"/>.</summary>
    private readonly int[] _candidateAnchors;

    /// <summary>Negated score of each candidate (ascending sort = best first).</summary>
    private readonly float[] _candidateKeys;

    /// <summary>Creates a decoder for an output of shape <paramref name="shape"/> with <paramref name="keypointCount"/> keypoints per target.</summary>
    /// <exception cref="ArgumentException">The shape is not [1, 5 + 3K, A] or [1, A, 5 + 3K].</exception>
    public YoloPoseDecoder(ModelOutputSpec output, long[] shape, int keypointCount, LetterboxGeometry geometry)
    {
        _channels = 5 + 3 * keypointCount;
        if (keypointCount < 1 || keypointCount > KeypointSet.Capacity)
        {
            throw new ArgumentException($"yolo-pose needs 1..{KeypointSet.Capacity} keypoints, the card names {keypointCount}");
        }

        if (shape.Length != 3 || (shape[1] != _channels && shape[2] != _channels))
        {
            throw new ArgumentException(
                $"yolo-pose output must be [N,{_channels},anchors] or [N,anchors,{_channels}] for {keypointCount} keypoints, got [{string.Join(",", shape)}]");
        }

        _channelsFirst = shape[1] == _channels;
        _anchors = (int)(_channelsFirst ? shape[2] : shape[1]);
        _keypointCount = keypointCount;
        _geometry = geometry;
        _minBoxScore = output.MinBoxScore;
        _nmsIou = output.NmsIou;
        _maxDetections = output.MaxDetections;
        _candidateAnchors = new int[_anchors];
        _candidateKeys = new float[_anchors];
    }

    /// <inheritdoc />
    public int KeypointCount => _keypointCount;

    /// <inheritdoc />
    public int MaxDetections => _maxDetections;

    /// <summary>Number of anchors in the output.</summary>
    public int AnchorCount => _anchors;

    /// <summary>Decodes <paramref name="primary"/>; <paramref name="secondary"/> is unused. Real-time safe.</summary>
    public void Decode(ReadOnlySpan<float> primary, ReadOnlySpan<float> secondary, PoseDetectionList detections)
    {
        if (primary.Length < _channels * _anchors)
        {
            throw new ArgumentException("yolo-pose output is shorter than its shape says");
        }

        detections.Clear();
        detections.KeypointCount = _keypointCount;
        int candidates = 0;
        for (int a = 0; a < _anchors; a++)
        {
            float score = Value(primary, a, 4);
            if (score >= _minBoxScore)
            {
                _candidateAnchors[candidates] = a;
                _candidateKeys[candidates] = -score;
                candidates++;
            }
        }

        _candidateKeys.AsSpan(0, candidates).Sort(_candidateAnchors.AsSpan(0, candidates));
        int limit = Math.Min(_maxDetections, detections.Capacity);
        for (int c = 0; c < candidates && detections.Count < limit; c++)
        {
            int anchor = _candidateAnchors[c];
            var box = default(PoseDetection);
            float cx = Value(primary, anchor, 0), cy = Value(primary, anchor, 1);
            float halfW = 0.5f * Value(primary, anchor, 2), halfH = 0.5f * Value(primary, anchor, 3);
            box.Left = ToFrameX(cx - halfW);
            box.Right = ToFrameX(cx + halfW);
            box.Top = ToFrameY(cy - halfH);
            box.Bottom = ToFrameY(cy + halfH);
            if (Suppressed(box, detections))
            {
                continue;
            }

            detections.TryAdd(out int index);
            ref PoseDetection kept = ref detections[index];
            kept = box;
            kept.Score = Value(primary, anchor, 4);
            for (int k = 0; k < _keypointCount; k++)
            {
                int channel = 5 + 3 * k;
                kept.Keypoints[k] = new Keypoint(
                    ToFrameX(Value(primary, anchor, channel)),
                    ToFrameY(Value(primary, anchor, channel + 1)),
                    Math.Clamp(Value(primary, anchor, channel + 2), 0f, 1f));
            }
        }
    }

    private bool Suppressed(in PoseDetection box, PoseDetectionList kept)
    {
        ReadOnlySpan<PoseDetection> boxes = kept.AsSpan();
        for (int i = 0; i < boxes.Length; i++)
        {
            if (PoseDetection.IntersectionOverUnion(box, boxes[i]) > _nmsIou)
            {
                return true;
            }
        }

        return false;
    }

    private float Value(ReadOnlySpan<float> output, int anchor, int channel) =>
        _channelsFirst ? output[channel * _anchors + anchor] : output[anchor * _channels + channel];

    private float ToFrameX(float yoloX) => (float)_geometry.TensorToFrameX(yoloX - 0.5);

    private float ToFrameY(float yoloY) => (float)_geometry.TensorToFrameY(yoloY - 0.5);
}
