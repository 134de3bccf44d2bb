using System.CommandLine;
using System.Globalization;
using RobotEdge.ReferenceCheck.Comparison;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Commands;

/// <summary>
/// <c>robotedge-reference tflite</c>: the converter's proof on MediaPipe's four models. Prints, per
/// model and output, the max and mean absolute error of ONNX Runtime on the converted model against
/// TFLite's interpreter on the original, and the max relative to the output's range.
/// </summary>
public static class TfliteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Option<int>("--inputs")
        {
            Description = "inputs per model: the first half seeded noise, the rest real frames (opencv-doc photos, then vtest.avi frames)",
            DefaultValueFactory = _ => 20,
        };
        inputs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--inputs must be at least 1");
            }
        });
        var models = new Option<string[]>("--models")
        {
            Description = "models to check: detector, lite, full, heavy (default: all four)",
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int>("--seed") { Description = "seed of the first noise input (the next use seed+1, …)", DefaultValueFactory = _ => 1000 };
        var command = new Command("tflite", "Compare the converted MediaPipe models (ONNX Runtime) with TFLite's interpreter (tfjs-tflite in Chromium)")
        {
            inputs, models, seed,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(inputs), parse.GetValue(models), parse.GetValue(seed)));
        return command;
    }

    private static async Task<int> RunAsync(int inputCount, string[]? modelNames, int seed)
    {
        MediaPipeModel[] models = modelNames is { Length: > 0 }
            ? modelNames.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(MediaPipeModel.Named).ToArray()
            : [.. MediaPipeModel.All];
        await using TfliteReference tflite = await TfliteReference.StartAsync();
        Console.WriteLine($"ONNX Runtime (converted) vs TFLite's interpreter (tfjs-tflite WASM, Chromium), {inputCount} inputs per model, seed {seed}");
        Console.WriteLine("max/range: max abs error relative to the reference output's range over all inputs; real: the same over the real frames only");
        Console.WriteLine($"{"model",-9} {"output",-12} {"shape",-16} {"max abs err",12} {"mean abs err",12} {"ref range",10} {"max/range",10} {"real",10}  target {ConversionCheck.RelativeErrorTarget:0e0}");
        bool allWithin = true;
        foreach (MediaPipeModel model in models)
        {
            ModelAgreement agreement = await ConversionCheck.RunAsync(tflite, model, inputCount, seed,
                progress: input => Console.Error.Write($"\r{model.Name}: {input.Label,-40}"));
            Console.Error.Write("\r" + new string(' ', 60) + "\r");
            for (int i = 0; i < agreement.All.Count; i++)
            {
                OutputAgreement output = agreement.All[i], real = agreement.RealFrames[i];
                bool within = output.RelativeError <= ConversionCheck.RelativeErrorTarget;
                allWithin &= within;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model.Name,-9} {output.Name,-12} {"[" + string.Join(',', output.Shape) + "]",-16} {output.MaxAbsError,12:0.000e+0} " +
                    $"{output.MeanAbsError,12:0.000e+0} {output.ReferenceRange,10:0.###} {output.RelativeError,10:0.00e+0} {(real.Samples > 0 ? real.RelativeError.ToString("0.00e+0", CultureInfo.InvariantCulture) : "-"),10}  {(within ? "ok" : "EXCEEDS")}  worst: {output.WorstSample} at [{string.Join(',', output.WorstCoordinates)}] (reference {output.WorstReferenceValue:0.###})"));
            }
        }

        if (!allWithin)
        {
            // TFLite's answer is float32 too: an output over the target may be the two runtimes' rounding, not a conversion fault.
            Console.WriteLine("over the target: 'robotedge-reference float64' measures both runtimes against the exact (float64) answer and tells rounding from a fault");
        }

        return allWithin ? ToolErrors.Agrees : ToolErrors.Disagrees;
    }
}
