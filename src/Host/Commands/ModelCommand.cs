using System.CommandLine;
using RobotEdge.Perception.ModelGeneration;

namespace RobotEdge.Host.Commands;

/// <summary><c>robotedge model generate</c>: writes the built-in marker pose model and its card.</summary>
public static class ModelCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "folder to write <name>.onnx and <name>.card.json into", DefaultValueFactory = _ => "robots/pan_tilt/models" };
        var size = new Option<int>("--size") { Description = "square input size in pixels", DefaultValueFactory = _ => 256 };
        var generate = new Command("generate", "Generate the built-in marker pose model (fixed weights, reproducible)") { output, size };
        generate.SetAction(parse =>
        {
            var card = MarkerPoseModelGenerator.Generate(parse.GetValue(output)!, "marker_pose", parse.GetValue(size), parse.GetValue(size));
            Console.WriteLine($"wrote {card.ModelPath} and {card.SourcePath}");
            return 0;
        });
        return new Command("model", "Pose model tools") { generate };
    }
}
