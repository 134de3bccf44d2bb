namespace RobotEdge.Perception.ModelImport;

/// <summary>
/// A tensor computed inside the TFLite model that <see cref="TfliteImporter.ConvertExposingIntermediates"/>
/// made an extra ONNX output, for layer-by-layer comparisons.
/// </summary>
/// <param name="OutputName">The ONNX output's name ("#&lt;tensor index&gt;/exposed").</param>
/// <param name="TensorIndex">The TFLite tensor's index in the main subgraph.</param>
/// <param name="TfliteName">The TFLite tensor's name.</param>
/// <param name="OperatorIndex">The TFLite operator that computes it (position in execution order).</param>
/// <param name="Shape">TFLite's shape; the output holds NHWC data in TFLite's element order.</param>
public sealed record ImportedIntermediate(string OutputName, int TensorIndex, string TfliteName, int OperatorIndex, IReadOnlyList<int> Shape);
