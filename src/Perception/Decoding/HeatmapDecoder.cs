using System.Numerics.Tensors;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Decoding;

/// <summary>
/// Decodes per-keypoint heatmaps [1, K, Hh, Wh] into keypoints in frame pixels: the peak cell of
/// each map, refined to sub-cell precision by the centroid of the positive evidence around it, then
/// mapped back through the stride and the letterbox. Allocation-free; one instance per thread.
/// </summary>
public sealed class HeatmapDecoder : IPoseDecoder
{
    /// <summary>Half-size of the centroid window around the peak, in cells (window is 5×5).</summary>
    private const int CentroidRadius = 2;

    private readonly LetterboxGeometry _geometry;
    private readonly int _keypointCount;
    private readonly int _mapWidth;
    private readonly int _mapHeight;
    private readonly int _stride;
    private readonly float _peakValue;
    private readonly float _minConfidence;

    /// <summary>Creates a decoder for heatmaps of the given output shape [1, K, Hh, Wh].</summary>
    public HeatmapDecoder(ModelOutputSpec output, long[] outputShape, LetterboxGeometry geometry)
    {
        if (outputShape.Length != 4)
        {
            throw new ArgumentException($"heatmap output must be 4-D [N,K,H,W], got [{string.Join(",", outputShape)}]");
        }

        _keypointCount = (int)outputShape[1];
        _mapHeight = (int)outputShape[2];
        _mapWidth = (int)outputShape[3];
        if (_keypointCount > KeypointSet.Capacity)
        {
            throw new ArgumentException($"model reports {_keypointCount} keypoints, at most {KeypointSet.Capacity} are supported");
        }

        _stride = output.Stride;
        _peakValue = output.PeakValue;
        _minConfidence = output.MinConfidence;
        _geometry = geometry;
        if (_mapWidth * _stride != geometry.TensorWidth || _mapHeight * _stride != geometry.TensorHeight)
        {
            throw new ArgumentException(
                $"heatmap {_mapWidth}x{_mapHeight} at stride {_stride} does not cover the {geometry.TensorWidth}x{geometry.TensorHeight} input");
        }
    }

    /// <summary>Number of keypoints (heatmap channels).</summary>
    public int KeypointCount => _keypointCount;

    /// <inheritdoc />
    public int MaxDetections => 1;

    /// <summary>
    /// Decodes the heatmaps as one target whose box bounds its keypoints found. Real-time safe.
    /// </summary>
    public void Decode(ReadOnlySpan<float> primary, ReadOnlySpan<float> secondary, PoseDetectionList detections)
    {
        detections.Clear();
        detections.KeypointCount = _keypointCount;
        detections.TryAdd(out int index);
        ref PoseDetection detection = ref detections[index];
        Decode(primary, ref detection.Keypoints);
        detection.FitBoxToKeypoints(_keypointCount, _minConfidence);
    }

    /// <summary>
    /// Decodes <paramref name="heatmaps"/> into <paramref name="keypoints"/>. Confidence is the peak
    /// value over the card's peak value, capped at 1. Real-time safe.
    /// </summary>
    public void Decode(ReadOnlySpan<float> heatmaps, ref KeypointSet keypoints)
    {
        int plane = _mapWidth * _mapHeight;
        for (int k = 0; k < _keypointCount; k++)
        {
            ReadOnlySpan<float> map = heatmaps.Slice(k * plane, plane);
            int peakIndex = TensorPrimitives.IndexOfMax(map);
            float peak = map[peakIndex];
            int peakX = peakIndex % _mapWidth;
            int peakY = peakIndex / _mapWidth;

            double sum = 0, sumX = 0, sumY = 0;
            int y0 = Math.Max(0, peakY - CentroidRadius), y1 = Math.Min(_mapHeight - 1, peakY + CentroidRadius);
            int x0 = Math.Max(0, peakX - CentroidRadius), x1 = Math.Min(_mapWidth - 1, peakX + CentroidRadius);
            for (int y = y0; y <= y1; y++)
            {
                ReadOnlySpan<float> row = map.Slice(y * _mapWidth, _mapWidth);
                for (int x = x0; x <= x1; x++)
                {
                    float v = row[x];
                    if (v > 0)
                    {
                        sum += v;
                        sumX += v * x;
                        sumY += v * y;
                    }
                }
            }

            double cellX = sum > 0 ? sumX / sum : peakX;
            double cellY = sum > 0 ? sumY / sum : peakY;
            // Cell centre → tensor pixel: cell i covers tensor pixels [i·s, (i+1)·s).
            double tensorX = (cellX + 0.5) * _stride - 0.5;
            double tensorY = (cellY + 0.5) * _stride - 0.5;
            float confidence = peak <= 0 ? 0f : Math.Min(1f, peak / _peakValue);
            keypoints[k] = new Keypoint(
                (float)_geometry.TensorToFrameX(tensorX),
                (float)_geometry.TensorToFrameY(tensorY),
                confidence);
        }
    }
}
