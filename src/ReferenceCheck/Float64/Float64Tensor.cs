namespace RobotEdge.ReferenceCheck.Float64;

/// <summary>One operator's output as <see cref="Float64Interpreter"/> computed it: TFLite's tensor, NHWC for images.</summary>
/// <param name="Name">The tensor's name in the TFLite file.</param>
/// <param name="TensorIndex">Its index in the main subgraph.</param>
/// <param name="OperatorIndex">The operator that computed it (position in execution order).</param>
/// <param name="Shape">TFLite's shape.</param>
/// <param name="Values">Row-major values; owned by the interpreter's run (read only).</param>
public sealed record Float64Tensor(string Name, int TensorIndex, int OperatorIndex, int[] Shape, double[] Values);
