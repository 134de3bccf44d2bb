namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// The main subgraph (subgraph 0) of a TFLite model, read once from its flatbuffer: tensors,
/// operators in execution order, and the subgraph's input and output tensor indices.
/// </summary>
internal sealed record TfliteModel(
    IReadOnlyList<TfliteTensor> Tensors,
    IReadOnlyList<TfliteOperator> Operators,
    int[] Inputs,
    int[] Outputs,
    string? Description);
