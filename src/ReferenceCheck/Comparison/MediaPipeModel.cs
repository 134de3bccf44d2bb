using RobotEdge.Perception.ModelImport;
using RobotEdge.ReferenceCheck.Inputs;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>One of the four TFLite models in @mediapipe/pose, with the pixel range its input takes.</summary>
/// <param name="Name">Short name: detector, lite, full, heavy.</param>
/// <param name="NpmFile">Its file under node_modules (<see cref="MediaPipePoseFiles"/>).</param>
/// <param name="Pixels">The range its RGB input is normalised to.</param>
public sealed record MediaPipeModel(string Name, string NpmFile, PixelRange Pixels)
{
    /// <summary>The four models, in the order the comparison runs them.</summary>
    public static readonly IReadOnlyList<MediaPipeModel> All =
    [
        new("detector", MediaPipePoseFiles.Detector, PixelRange.MinusOneToOne),
        new("lite", MediaPipePoseFiles.LandmarkLite, PixelRange.ZeroToOne),
        new("full", MediaPipePoseFiles.LandmarkFull, PixelRange.ZeroToOne),
        new("heavy", MediaPipePoseFiles.LandmarkHeavy, PixelRange.ZeroToOne),
    ];

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such model; the message lists the names.</exception>
    public static MediaPipeModel Named(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown model '{name}' (one of {string.Join(", ", All.Select(m => m.Name))})");
}
