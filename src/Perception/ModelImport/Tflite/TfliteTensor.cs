namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// One tensor of the main subgraph. <see cref="Shape"/> is TFLite's (NHWC for images);
/// <see cref="Data"/> is the constant's bytes (little-endian) or empty for an activation.
/// </summary>
internal sealed record TfliteTensor(
    int Index,
    string Name,
    int[] Shape,
    TfliteTensorType Type,
    ReadOnlyMemory<byte> Data,
    bool IsQuantized,
    TfliteSparsity? Sparsity)
{
    /// <summary>Whether the tensor holds constant data (a weight) rather than a value computed at run time.</summary>
    public bool IsConstant => !Data.IsEmpty;

    /// <summary>Number of elements of the dense tensor.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int d in Shape)
            {
                count *= d;
            }

            return count;
        }
    }
}
