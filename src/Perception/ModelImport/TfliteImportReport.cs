namespace RobotEdge.Perception.ModelImport;

/// <summary>
/// What <see cref="TfliteImporter"/> produced: the ONNX model's inputs and outputs (TFLite's names,
/// shapes and output order), how many of each TFLite operator were converted, and the number of
/// ONNX nodes written (boundary transposes included); with
/// <see cref="TfliteImporter.ConvertExposingIntermediates"/>, the intermediate tensors made extra outputs
/// (after <see cref="Outputs"/>, in execution order; empty otherwise).
/// </summary>
public sealed record TfliteImportReport(
    IReadOnlyList<ImportedTensor> Inputs,
    IReadOnlyList<ImportedTensor> Outputs,
    IReadOnlyDictionary<string, int> OperatorCounts,
    int OnnxNodeCount,
    IReadOnlyList<ImportedIntermediate> Intermediates)
{
    /// <summary>Total TFLite operators converted.</summary>
    public int OperatorCount
    {
        get
        {
            int total = 0;
            foreach (int count in OperatorCounts.Values)
            {
                total += count;
            }

            return total;
        }
    }
}
