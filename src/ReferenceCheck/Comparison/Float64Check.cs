using Microsoft.ML.OnnxRuntime;
using RobotEdge.Perception.ModelImport;
using RobotEdge.ReferenceCheck.Float64;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.NpmData;
using RobotEdge.ReferenceCheck.Onnx;
using RobotEdge.ReferenceCheck.Tensors;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// Judges the converter against the exact answer instead of against another float32 runtime: one
/// MediaPipe model evaluated in float64 (<see cref="Float64Interpreter"/>) and, on the same inputs,
/// ONNX Runtime on the converted model (graph optimisations on and off) and TFLite's interpreter on
/// the original, each compared with the float64 answer. A conversion mistake makes ONNX Runtime
/// far from float64 where TFLite is not; float32's own rounding makes both about equally far.
/// </summary>
public static class Float64Check
{
    /// <summary>
    /// Whether ONNX Runtime's distance from the exact answer on <paramref name="output"/> is float32
    /// rounding rather than a conversion fault: its mean abs error against float64 is no larger than
    /// TFLite's own interpreter's. Rounding spreads over every element at around 1e-7 of the range
    /// (ONNX Runtime measured at 0.38–0.53 of TFLite's mean on the landmark models' segmentation); a
    /// fault moves the mean by orders of magnitude (converting RESIZE_BILINEAR's half_pixel_centers
    /// as asymmetric: 3.5e-2 of the range on lite's segmentation, against 1.9e-7). The largest
    /// single-element errors are a poorer judge: on one input either runtime's may be the larger
    /// (heavy on the three photos: ONNX Runtime 3.2e-4 on messi5.jpg, TFLite at most 8.8e-5; over 20
    /// inputs 3.1e-4 and 3.6e-4).
    /// False when TFLite was not run.
    /// </summary>
    public static bool IsRounding(Float64OutputErrors output) =>
        output.Tflite.Samples > 0 && output.OnnxRuntime.MeanAbsError <= output.Tflite.MeanAbsError;

    /// <summary>
    /// Runs the three runtimes on <paramref name="inputCount"/> inputs (<see cref="ReferenceInputFactory.Create"/>,
    /// seeded from <paramref name="seed"/>); <paramref name="tflite"/> null skips TFLite (its tallies stay empty).
    /// </summary>
    public static async Task<Float64Agreement> RunAsync(TfliteReference? tflite, MediaPipeModel model, int inputCount,
        int seed = 1000, Action<ReferenceInput>? progress = null)
    {
        string path = ReferenceNpmData.File(model.NpmFile);
        byte[] file = await File.ReadAllBytesAsync(path);
        Float64Interpreter exact = Float64Interpreter.FromBytes(file, path);
        byte[] onnx = TfliteImporter.Convert(file, out _);
        using var optimised = new OnnxModelRunner(onnx, $"{model.Name} (converted)");
        using var unoptimised = new OnnxModelRunner(onnx, $"{model.Name} (converted, unoptimised)", optimization: GraphOptimizationLevel.ORT_DISABLE_ALL);
        TfliteReferenceModel? original = tflite is null ? null : await tflite.LoadAsync(path);
        if (original is not null)
        {
            ModelComparison.CheckBoundary(original, optimised);
        }

        int[] shape = exact.Inputs[0].Shape;
        IReadOnlyList<ReferenceInput> inputs = ReferenceInputFactory.Create(shape[1], shape[2], model.Pixels, inputCount, seed);
        var all = exact.Outputs.Select(o => new Float64OutputErrors(o.Name, o.Shape)).ToArray();
        var real = exact.Outputs.Select(o => new Float64OutputErrors(o.Name, o.Shape)).ToArray();
        foreach (ReferenceInput input in inputs)
        {
            progress?.Invoke(input);
            float[][] feed = [input.Values];
            double[][] truth = exact.Run(feed);
            NamedTensor[] ort = optimised.Run(feed);
            NamedTensor[] ortPlain = unoptimised.Run(feed);
            float[][]? reference = original is null ? null : (await original.RunAsync(feed)).Select(t => t.Values).ToArray();
            Tally(all, input.Label, truth, ort, ortPlain, reference);
            if (input.IsRealFrame)
            {
                Tally(real, input.Label, truth, ort, ortPlain, reference);
            }
        }

        return new Float64Agreement(all, real, inputs);
    }

    private static void Tally(Float64OutputErrors[] tallies, string label, double[][] truth, NamedTensor[] ort, NamedTensor[] ortPlain, float[][]? reference)
    {
        for (int i = 0; i < tallies.Length; i++)
        {
            tallies[i].OnnxRuntime.Add(ort[i].Values, truth[i], label);
            tallies[i].OnnxRuntimeUnoptimised.Add(ortPlain[i].Values, truth[i], label);
            if (reference is not null)
            {
                tallies[i].Tflite.Add(reference[i], truth[i], label);
                tallies[i].OnnxRuntimeVsTflite.Add(ort[i].Values, reference[i], label);
            }
        }
    }

    /// <summary>
    /// Layer by layer for one input: every tensor an operator computes, ONNX Runtime's value (on the
    /// converted model with every intermediate exposed, <see cref="TfliteImporter.ConvertExposingIntermediates"/>,
    /// at optimisation level <paramref name="optimization"/>) against the float64 value, in execution order.
    /// </summary>
    public static IReadOnlyList<LayerError> Layers(MediaPipeModel model, ReferenceInput input,
        GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_DISABLE_ALL)
    {
        string path = ReferenceNpmData.File(model.NpmFile);
        byte[] file = File.ReadAllBytes(path);
        Float64Interpreter exact = Float64Interpreter.FromBytes(file, path);
        byte[] onnx = TfliteImporter.ConvertExposingIntermediates(file, out TfliteImportReport report);
        Dictionary<string, float[]> computed;
        using (var runner = new OnnxModelRunner(onnx, $"{model.Name} (converted, intermediates exposed)", optimization: optimization))
        {
            computed = runner.Run([input.Values]).ToDictionary(t => t.Name, t => t.Values);
        }

        var byTensor = report.Intermediates.ToDictionary(i => i.TensorIndex, i => i.OutputName);
        for (int i = 0; i < report.Outputs.Count; i++)
        {
            byTensor[exact.OutputTensorIndex(i)] = report.Outputs[i].Name;
        }

        var layers = new List<LayerError>();
        exact.Run([input.Values], tensor =>
        {
            if (!byTensor.TryGetValue(tensor.TensorIndex, out string? name))
            {
                return;
            }

            var tally = new OutputAgreement(tensor.Name, tensor.Shape);
            tally.Add(computed[name], tensor.Values);
            double magnitude = 0;
            foreach (double v in tensor.Values)
            {
                magnitude = Math.Max(magnitude, Math.Abs(v));
            }

            layers.Add(new LayerError(tensor.OperatorIndex, exact.OperatorName(tensor.OperatorIndex), tensor.Name, tensor.Shape,
                tally.MaxAbsError, tally.ReferenceRange, magnitude, tally.WorstCoordinates));
        });
        return layers;
    }
}
