namespace RobotEdge.Perception.ModelImport;

/// <summary>
/// What <see cref="TfliteImporter"/> produced: the ONNX model's inputs and outputs (TFLite's names,
/// shapes and output order), how many of each TFLite operator were converted, and the number of
/// ONNX nodes written (boundary transposes included).
/// </summary>
public sealed record TfliteImportReport(
    IReadOnlyList<ImportedTensor> Inputs,
    IReadOnlyList<ImportedTensor> Outputs,
    IReadOnlyDictionary<string, int> OperatorCounts,
    int OnnxNodeCount)
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
