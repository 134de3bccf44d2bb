using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;

namespace RobotEdge.Vision.Tests;

/// <summary>The built-in marker model, generated once per test run into a temporary folder.</summary>
internal static class TestModels
{
    private static readonly Lazy<ModelCard> Card = new(() =>
        MarkerPoseModelGenerator.Generate(Path.Combine(Path.GetTempPath(), "robotedge-vision-tests", Guid.NewGuid().ToString("n")), "marker_pose"));

    public static OnnxPoseModel LoadMarkerModel() => OnnxPoseModel.Load(Card.Value, [ExecutionProvider.Cpu], NullLogger.Instance);
}
