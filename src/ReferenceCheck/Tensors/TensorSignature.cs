namespace RobotEdge.ReferenceCheck.Tensors;

/// <summary>A model input's or output's name, shape and element type as its runtime reports them.</summary>
/// <param name="Name">The tensor's name in the model file.</param>
/// <param name="Shape">Dimensions, outermost first (NHWC for TFLite images).</param>
/// <param name="DataType">Element type in the runtime's words, e.g. "float32".</param>
public sealed record TensorSignature(string Name, int[] Shape, string DataType)
{
    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public int ElementCount
    {
        get
        {
            int count = 1;
            foreach (int dimension in Shape)
            {
                count = checked(count * dimension);
            }

            return count;
        }
    }

    /// <summary>"name [d0,d1,…] type", for messages and reports.</summary>
    public override string ToString() => $"{Name} [{string.Join(',', Shape)}] {DataType}";
}
