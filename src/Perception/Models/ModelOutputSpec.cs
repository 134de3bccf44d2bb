using RobotEdge.Bus.Configuration;

namespace RobotEdge.Perception.Models;

/// <summary>The model's keypoint output and how to decode it.</summary>
public sealed class ModelOutputSpec
{
    /// <summary>Output tensor name in the ONNX graph (for <c>simcc</c>: the x vectors).</summary>
    public string Name { get; set; } = "heatmaps";

    /// <summary><c>simcc</c> only: the output holding the y vectors.</summary>
    public string? NameY { get; set; }

    /// <summary>Decoder for the output tensor.</summary>
    public OutputDecoder Decoder { get; set; } = OutputDecoder.Heatmap;

    /// <summary>Input pixels per output cell along each axis (heatmap decoders).</summary>
    public int Stride { get; set; } = 1;

    /// <summary><c>simcc</c>: classification bins per input pixel (RTMPose uses 2.0).</summary>
    public float SplitRatio { get; set; } = 2f;

    /// <summary>
    /// Output value of a perfectly visible keypoint (heatmap peak, SimCC bin maximum); confidence =
    /// value / this, capped at 1. <c>yolo-pose</c> visibilities are probabilities already and ignore it.
    /// </summary>
    public float PeakValue { get; set; } = 1f;

    /// <summary>Keypoints whose confidence is below this are reported as not found.</summary>
    public float MinConfidence { get; set; } = 0.3f;

    /// <summary><c>yolo-pose</c>: anchors whose box score is below this are dropped before NMS.</summary>
    public float MinBoxScore { get; set; } = 0.25f;

    /// <summary><c>yolo-pose</c>: a box overlapping a higher-scored kept box by more than this IoU is suppressed.</summary>
    public float NmsIou { get; set; } = 0.45f;

    /// <summary>Most targets reported per frame (<c>yolo-pose</c>; the single-target decoders report one).</summary>
    public int MaxDetections { get; set; } = 8;

    /// <summary>
    /// Checks every field against the decoder and the <paramref name="input"/> tensor; problems are
    /// named under <paramref name="path"/> (<c>output</c>).
    /// </summary>
    public void Validate(ConfigProblems problems, string path, ModelInputSpec input)
    {
        problems.NotEmpty(Name, $"{path}.name");
        if (Decoder == OutputDecoder.Simcc)
        {
            problems.Require(!string.IsNullOrWhiteSpace(NameY), $"{path}.nameY", "(the y vectors' output) is required by the simcc decoder");
        }

        // Bounded by the input's size only when that size is itself valid, so one mistake reads as one problem.
        bool inputSized = input.Width is >= 1 and <= ModelInputSpec.MaxSizePx && input.Height is >= 1 and <= ModelInputSpec.MaxSizePx;
        problems.Within(Stride, 1, inputSized ? Math.Min(input.Width, input.Height) : ModelInputSpec.MaxSizePx, $"{path}.stride");
        problems.Above(SplitRatio, 0, 64, $"{path}.splitRatio");
        problems.Positive(PeakValue, $"{path}.peakValue");
        problems.Within(MinConfidence, 0, 1, $"{path}.minConfidence");
        problems.Within(MinBoxScore, 0, 1, $"{path}.minBoxScore");
        problems.Above(NmsIou, 0, 1, $"{path}.nmsIou");
        problems.Within(MaxDetections, 1, Decoding.PoseDetectionList.MaxCapacity, $"{path}.maxDetections");
    }
}
