using System.CommandLine;
using System.Globalization;
using RobotEdge.ReferenceCheck.Comparison;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Commands;

/// <summary>
/// <c>robotedge-reference float64</c>: each MediaPipe model evaluated exactly (float64) and, on the
/// same inputs, ONNX Runtime on the converted model (optimised, and with graph optimisations off)
/// and TFLite's interpreter on the original, each compared with the exact answer. Says per output
/// whether ONNX Runtime is within the 1e-4 target of the exact answer, or further but rounding no
/// worse than TFLite's own interpreter (<see cref="Float64Check.IsRounding"/>), or neither (a
/// conversion fault: exit 1).
/// <c>--layers</c> adds, per model, ONNX Runtime's error at every intermediate tensor on the input
/// where its segmentation (or, for the detector, first) output strayed most.
/// </summary>
public static class Float64Command
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Option<int>("--inputs")
        {
            Description = "inputs per model: the first half seeded noise, the rest real frames (opencv-doc photos, then vtest.avi frames)",
            DefaultValueFactory = _ => 6,
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
        var noTflite = new Option<bool>("--no-tflite") { Description = "skip TFLite's interpreter (no Chromium): ONNX Runtime against float64 only" };
        var layers = new Option<bool>("--layers") { Description = "also print ONNX Runtime's error at every intermediate tensor (graph optimisations off) on the worst input" };
        var command = new Command("float64", "Compare ONNX Runtime (converted) and TFLite's interpreter with the exact float64 answer of each MediaPipe model")
        {
            inputs, models, seed, noTflite, layers,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(inputs), parse.GetValue(models), parse.GetValue(seed),
            parse.GetValue(noTflite), parse.GetValue(layers)));
        return command;
    }

    private static async Task<int> RunAsync(int inputCount, string[]? modelNames, int seed, bool noTflite, bool layers)
    {
        MediaPipeModel[] models = modelNames is { Length: > 0 }
            ? modelNames.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(MediaPipeModel.Named).ToArray()
            : [.. MediaPipeModel.All];
        await using TfliteReference? tflite = noTflite ? null : await TfliteReference.StartAsync();
        Console.WriteLine($"Each runtime against the exact (float64) answer, {inputCount} inputs per model, seed {seed}; figures: max abs error / the exact output's range");
        Console.WriteLine("ORT: ONNX Runtime on the converted model as the robot runs it; ORT-plain: graph optimisations off; TFLite: tfjs-tflite (WASM) on the original; ORT~TFLite: ORT against TFLite");
        Console.WriteLine("real: the same over the real frames only; mean: mean abs error / range over all inputs");
        Console.WriteLine($"verdict: exact (ORT within {ConversionCheck.RelativeErrorTarget:0e0} of float64), rounding (further, but ORT's mean error against float64 no larger than TFLite's own), or FAULT");
        Console.WriteLine($"{"model",-9} {"output",-12} {"shape",-16} {"range",10} {"ORT",9} {"ORT-plain",9} {"TFLite",9} {"ORT~TFLite",10} {"real:ORT",9} {"real:TFL",9} {"mean:ORT",9} {"mean:TFL",9}  verdict");
        bool allWithin = true;
        foreach (MediaPipeModel model in models)
        {
            Float64Agreement agreement = await Float64Check.RunAsync(tflite, model, inputCount, seed,
                input => Console.Error.Write($"\r{model.Name}: {input.Label,-40}"));
            Console.Error.Write("\r" + new string(' ', 60) + "\r");
            for (int i = 0; i < agreement.All.Count; i++)
            {
                Float64OutputErrors output = agreement.All[i], real = agreement.RealFrames[i];
                string verdict = Verdict(output);
                allWithin &= verdict is "exact" or "rounding";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model.Name,-9} {output.Name,-12} {"[" + string.Join(',', output.Shape) + "]",-16} {output.OnnxRuntime.ReferenceRange,10:0.###} " +
                    $"{Figure(output.OnnxRuntime),9} {Figure(output.OnnxRuntimeUnoptimised),9} {Figure(output.Tflite),9} {Figure(output.OnnxRuntimeVsTflite),10} " +
                    $"{Figure(real.OnnxRuntime),9} {Figure(real.Tflite),9} {MeanFigure(output.OnnxRuntime),9} {MeanFigure(output.Tflite),9}  {verdict}  worst ORT: {output.OnnxRuntime.WorstSample} at [{string.Join(',', output.OnnxRuntime.WorstCoordinates)}]"));
            }

            if (layers)
            {
                PrintLayers(model, agreement);
            }
        }

        return allWithin ? ToolErrors.Agrees : ToolErrors.Disagrees;
    }

    /// <summary>exact, rounding or FAULT, as the header line explains (OVER when ORT misses 1e-4 and there is no TFLite run to judge it by).</summary>
    private static string Verdict(Float64OutputErrors output)
    {
        if (output.OnnxRuntime.RelativeError <= ConversionCheck.RelativeErrorTarget)
        {
            return "exact";
        }

        if (output.Tflite.Samples == 0)
        {
            return "OVER (no TFLite run to judge it against)";
        }

        return Float64Check.IsRounding(output) ? "rounding" : "FAULT";
    }

    private static void PrintLayers(MediaPipeModel model, Float64Agreement agreement)
    {
        Float64OutputErrors watched = agreement.All.FirstOrDefault(o => o.Shape.Length == 4 && o.Shape[3] == 1) ?? agreement.All[0];
        string label = watched.OnnxRuntime.WorstSample;
        ReferenceInput input = agreement.Inputs.First(i => i.Label == label);
        Console.WriteLine($"{model.Name}: every intermediate tensor on {label} (where {watched.Name} strayed most), ONNX Runtime with graph optimisations off against float64");
        Console.WriteLine($"{"op",5} {"operator",-18} {"tensor",-48} {"shape",-16} {"max abs err",12} {"range",12} {"err/range",10} {"f32 ulps",9}  worst at");
        foreach (LayerError layer in Float64Check.Layers(model, input))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{layer.OperatorIndex,5} {layer.Operator,-18} {Truncate(layer.Tensor, 48),-48} {"[" + string.Join(',', layer.Shape) + "]",-16} " +
                $"{layer.MaxAbsError,12:0.000e+0} {layer.Range,12:0.####} {layer.RelativeError,10:0.00e+0} {layer.Float32Ulps,9:0.0}  [{string.Join(',', layer.WorstCoordinates)}]"));
        }
    }

    private static string MeanFigure(OutputAgreement tally) =>
        tally.Samples == 0 || tally.ReferenceRange <= 0 ? "-" : (tally.MeanAbsError / tally.ReferenceRange).ToString("0.00e+0", CultureInfo.InvariantCulture);

    private static string Figure(OutputAgreement tally) =>
        tally.Samples == 0 ? "-" : tally.RelativeError.ToString("0.00e+0", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : "…" + text[^(length - 1)..];
}
