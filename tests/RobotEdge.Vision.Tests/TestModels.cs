using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;

namespace RobotEdge.Vision.Tests;

/// <summary>The built-in marker model, generated once per test run into the test output folder (not the temporary folder: nothing would delete it).</summary>
internal static class TestModels
{
    private static readonly Lazy<ModelCard> Card = new(() =>
        MarkerPoseModelGenerator.Generate(Path.Combine(AppContext.BaseDirectory, "generated-models", "marker_pose"), "marker_pose"));

    public static OnnxPoseModel LoadMarkerModel() => OnnxPoseModel.Load(Card.Value, [ExecutionProvider.Cpu], NullLogger.Instance);
}
