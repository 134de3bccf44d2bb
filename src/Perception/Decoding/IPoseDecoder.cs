namespace RobotEdge.Perception.Decoding;

/// <summary>
/// Turns a pose model's raw output into targets in frame pixels. Implementations: heatmap, SimCC,
/// YOLO-pose, chosen by the model card (<see cref="PoseDecoderFactory"/>). One instance per
/// perception thread; <see cref="Decode"/> is real-time safe (no allocation, no locks).
/// </summary>
public interface IPoseDecoder
{
    /// <summary>Keypoints per target.</summary>
    int KeypointCount { get; }

    /// <summary>Most targets one call can report.</summary>
    int MaxDetections { get; }

    /// <summary>
    /// Decodes the model's outputs into <paramref name="detections"/> (cleared first), best first.
    /// </summary>
    /// <param name="primary">The card's <c>output.name</c> tensor.</param>
    /// <param name="secondary">The card's <c>output.nameY</c> tensor (SimCC), empty otherwise.</param>
    /// <param name="detections">Where the targets go; its capacity must be at least <see cref="MaxDetections"/>.</param>
    void Decode(ReadOnlySpan<float> primary, ReadOnlySpan<float> secondary, PoseDetectionList detections);
}
