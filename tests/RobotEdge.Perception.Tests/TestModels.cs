using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Tests;

/// <summary>Generates the built-in model once per test run into a temporary folder.</summary>
internal static class TestModels
{
    private static readonly Lazy<ModelCard> Card = new(() =>
        MarkerPoseModelGenerator.Generate(Path.Combine(Path.GetTempPath(), "robotedge-tests", Guid.NewGuid().ToString("n")), "marker_pose"));

    public static ModelCard MarkerCard => Card.Value;

    public static OnnxPoseModel LoadMarkerModel() => OnnxPoseModel.Load(MarkerCard, [ExecutionProvider.Cpu], NullLogger.Instance);
}
