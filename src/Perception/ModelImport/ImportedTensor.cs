namespace RobotEdge.Perception.ModelImport;

/// <summary>A model boundary tensor after import: TFLite's name and TFLite's (NHWC) shape, which the ONNX model keeps.</summary>
public sealed record ImportedTensor(string Name, IReadOnlyList<int> Shape)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join('x', Shape)}]";
}
