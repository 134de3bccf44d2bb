using System.Numerics.Tensors;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Decoding;

/// <summary>
/// Decodes RTMPose-style SimCC outputs — x vectors [1, K, Wx] and y vectors [1, K, Hy], where bin b
/// stands for tensor coordinate b / split — into one target's keypoints in frame pixels. Each axis
/// takes its arg-max bin, refined by the vertex of the parabola through it and its two neighbours
/// (at most half a bin); confidence is the smaller of the two maxima over the card's peak value,
/// capped at 1 (RTMPose's rule: a keypoint is as sure as its weaker axis). Allocation-free.
/// </summary>
public sealed class SimccDecoder : IPoseDecoder
{
    private readonly LetterboxGeometry _geometry;
    private readonly int _keypointCount;
    private readonly int _binsX;
    private readonly int _binsY;
    private readonly float _split;
    private readonly float _peakValue;
    private readonly float _minConfidence;

    /// <summary>Creates a decoder for x vectors of shape <paramref name="shapeX"/> [1, K, Wx] and y vectors <paramref name="shapeY"/> [1, K, Hy].</summary>
    /// <exception cref="ArgumentException">The shapes are not 3-D, disagree on K, or do not span the input at the card's split ratio.</exception>
    public SimccDecoder(ModelOutputSpec output, long[] shapeX, long[] shapeY, LetterboxGeometry geometry)
    {
        if (shapeX.Length != 3 || shapeY.Length != 3 || shapeX[1] != shapeY[1])
        {
            throw new ArgumentException(
                $"simcc outputs must be [N,K,Wx] and [N,K,Hy] with the same K, got [{string.Join(",", shapeX)}] and [{string.Join(",", shapeY)}]");
        }

        _keypointCount = (int)shapeX[1];
        _binsX = (int)shapeX[2];
        _binsY = (int)shapeY[2];
        _split = output.SplitRatio;
        if (_keypointCount > KeypointSet.Capacity)
        {
            throw new ArgumentException($"model reports {_keypointCount} keypoints, at most {KeypointSet.Capacity} are supported");
        }

        if (Math.Abs(_binsX - geometry.TensorWidth * _split) > 0.5 || Math.Abs(_binsY - geometry.TensorHeight * _split) > 0.5)
        {
            throw new ArgumentException(
                $"simcc vectors of {_binsX} and {_binsY} bins at split ratio {_split} do not span the {geometry.TensorWidth}x{geometry.TensorHeight} input");
        }

        _geometry = geometry;
        _peakValue = output.PeakValue;
        _minConfidence = output.MinConfidence;
    }

    /// <inheritdoc />
    public int KeypointCount => _keypointCount;

    /// <inheritdoc />
    public int MaxDetections => 1;

    /// <summary>Decodes x vectors <paramref name="primary"/> and y vectors <paramref name="secondary"/> as one target. Real-time safe.</summary>
    public void Decode(ReadOnlySpan<float> primary, ReadOnlySpan<float> secondary, PoseDetectionList detections)
    {
        detections.Clear();
        detections.KeypointCount = _keypointCount;
        detections.TryAdd(out int index);
        ref PoseDetection detection = ref detections[index];
        for (int k = 0; k < _keypointCount; k++)
        {
            double binX = PeakBin(primary.Slice(k * _binsX, _binsX), out float maxX);
            double binY = PeakBin(secondary.Slice(k * _binsY, _binsY), out float maxY);
            float value = Math.Min(maxX, maxY);
            float confidence = value <= 0 ? 0f : Math.Min(1f, value / _peakValue);
            detection.Keypoints[k] = new Keypoint(
                (float)_geometry.TensorToFrameX(binX / _split),
                (float)_geometry.TensorToFrameY(binY / _split),
                confidence);
        }

        detection.FitBoxToKeypoints(_keypointCount, _minConfidence);
    }

    /// <summary>The arg-max bin of <paramref name="vector"/>, refined to a fraction of a bin by a parabola through it and its neighbours.</summary>
    public static double PeakBin(ReadOnlySpan<float> vector, out float max)
    {
        int i = TensorPrimitives.IndexOfMax(vector);
        max = vector[i];
        if (i == 0 || i == vector.Length - 1)
        {
            return i;
        }

        double left = vector[i - 1], right = vector[i + 1];
        double curvature = left - 2.0 * max + right;
        if (curvature >= 0)
        {
            return i; // A flat or non-peaked top: no refinement.
        }

        return i + Math.Clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
    }
}
