using System.CommandLine;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.ModelImport;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge model generate</c>: writes the built-in marker pose model and its card.
/// <c>robotedge model import-tflite</c>: converts a TFLite model to ONNX (<see cref="TfliteImporter"/>).
/// </summary>
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
        return new Command("model", "Pose model tools") { generate, CreateImportTflite() };
    }

    private static Command CreateImportTflite()
    {
        var input = new Argument<string>("tflite") { Description = "the .tflite file to convert" };
        var output = new Option<string>("--out") { Description = "the .onnx file to write", Required = true };
        var command = new Command("import-tflite", "Convert a float TFLite model to ONNX (NHWC boundary and TFLite's tensor names kept)") { input, output };
        command.SetAction(parse =>
        {
            string source = parse.GetValue(input)!, target = parse.GetValue(output)!;
            TfliteImportReport report;
            try
            {
                report = TfliteImporter.Import(source, target);
            }
            catch (NotSupportedException e)
            {
                // The model uses something the importer does not convert: bad input, named, not a crash.
                Console.Error.WriteLine($"robotedge: {source}: {CommandErrors.OneLine(e.Message)}");
                return ExitCodes.BadInput;
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"robotedge: {source}: {CommandErrors.OneLine(e.Message)}");
                return ExitCodes.BadInput;
            }

            Console.WriteLine($"wrote {target}: {report.OperatorCount} TFLite operators → {report.OnnxNodeCount} ONNX nodes");
            foreach (var tensor in report.Inputs)
            {
                Console.WriteLine($"  input  {tensor}");
            }

            foreach (var tensor in report.Outputs)
            {
                Console.WriteLine($"  output {tensor}");
            }

            Console.WriteLine($"  operators: {string.Join(", ", report.OperatorCounts.Select(kv => $"{kv.Key} {kv.Value}"))}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
