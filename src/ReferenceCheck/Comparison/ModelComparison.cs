using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.Onnx;
using RobotEdge.ReferenceCheck.Tensors;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// Runs a converted ONNX model and its TFLite original on the same inputs and tallies, per output,
/// how far ONNX Runtime's answer strays from TFLite's. The two models must have the same boundary
/// (the converter's contract): the same input names and shapes, and the same output names, shapes
/// and order.
/// </summary>
public static class ModelComparison
{
    /// <summary>
    /// Compares <paramref name="onnx"/> with <paramref name="tflite"/> on <paramref name="inputs"/>
    /// (single-input models): one tally per output, in TFLite's output order, over all inputs and over the real frames.
    /// </summary>
    /// <exception cref="InvalidDataException">The two boundaries differ (names, shapes, order); the message says where.</exception>
    public static async Task<ModelAgreement> CompareAsync(TfliteReferenceModel tflite, OnnxModelRunner onnx,
        IEnumerable<ReferenceInput> inputs, Action<ReferenceInput>? progress = null)
    {
        CheckBoundary(tflite, onnx);
        var all = new OutputAgreement[tflite.Outputs.Count];
        var real = new OutputAgreement[tflite.Outputs.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = new OutputAgreement(tflite.Outputs[i].Name, tflite.Outputs[i].Shape);
            real[i] = new OutputAgreement(tflite.Outputs[i].Name, tflite.Outputs[i].Shape);
        }

        foreach (ReferenceInput input in inputs)
        {
            progress?.Invoke(input);
            float[][] feed = [input.Values];
            NamedTensor[] expected = await tflite.RunAsync(feed);
            NamedTensor[] actual = onnx.Run(feed);
            for (int i = 0; i < all.Length; i++)
            {
                all[i].Add(actual[i].Values, expected[i].Values, input.Label);
                if (input.IsRealFrame)
                {
                    real[i].Add(actual[i].Values, expected[i].Values, input.Label);
                }
            }
        }

        return new ModelAgreement(all, real);
    }

    /// <summary>Throws unless the ONNX model keeps the TFLite model's boundary.</summary>
    /// <exception cref="InvalidDataException">They differ; the message names the first difference.</exception>
    public static void CheckBoundary(TfliteReferenceModel tflite, OnnxModelRunner onnx)
    {
        CheckSide("input", tflite.Inputs, onnx.Inputs);
        CheckSide("output", tflite.Outputs, onnx.Outputs);
    }

    private static void CheckSide(string side, IReadOnlyList<TensorSignature> tflite, IReadOnlyList<TensorSignature> onnx)
    {
        if (tflite.Count != onnx.Count)
        {
            throw new InvalidDataException($"the TFLite model has {tflite.Count} {side}s, the ONNX model {onnx.Count}");
        }

        for (int i = 0; i < tflite.Count; i++)
        {
            if (tflite[i].Name != onnx[i].Name || !tflite[i].Shape.SequenceEqual(onnx[i].Shape))
            {
                throw new InvalidDataException($"{side} {i}: TFLite has {tflite[i]}, ONNX {onnx[i]}");
            }
        }
    }
}
