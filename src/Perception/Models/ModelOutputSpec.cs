namespace RobotEdge.Perception.Models;

/// <summary>The model's keypoint output and how to decode it.</summary>
public sealed class ModelOutputSpec
{
    /// <summary>Output tensor name in the ONNX graph.</summary>
    public string Name { get; set; } = "heatmaps";

    /// <summary>Decoder for the output tensor.</summary>
    public OutputDecoder Decoder { get; set; } = OutputDecoder.Heatmap;

    /// <summary>Input pixels per output cell along each axis (heatmap decoders).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Heatmap value of a perfectly visible keypoint; confidence = peak / this, capped at 1.</summary>
    public float PeakValue { get; set; } = 1f;

    /// <summary>Keypoints whose confidence is below this are reported as not found.</summary>
    public float MinConfidence { get; set; } = 0.3f;
}
