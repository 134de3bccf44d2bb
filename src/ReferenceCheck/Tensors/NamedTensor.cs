namespace RobotEdge.ReferenceCheck.Tensors;

/// <summary>A float32 tensor's values with its name and shape, row-major (last dimension fastest).</summary>
/// <param name="Name">The tensor's name in the model file.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Values">Elements, row-major; length = product of <paramref name="Shape"/>.</param>
public sealed record NamedTensor(string Name, int[] Shape, float[] Values)
{
    /// <summary>"name [d0,d1,…]", for messages and reports.</summary>
    public override string ToString() => $"{Name} [{string.Join(',', Shape)}]";
}
