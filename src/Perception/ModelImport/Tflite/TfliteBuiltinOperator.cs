namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// The TFLite builtin operator codes (enum <c>BuiltinOperator</c> of schema.fbs) the importer
/// converts; every other code is refused by name (<see cref="TfliteOperatorNames"/>).
/// </summary>
internal enum TfliteBuiltinOperator
{
    Add = 0,
    Concatenation = 2,
    Conv2D = 3,
    DepthwiseConv2D = 4,
    DepthToSpace = 5,
    Dequantize = 6,
    Logistic = 14,
    MaxPool2D = 17,
    Reshape = 22,
    ResizeBilinear = 23,
    Pad = 34,
    Densify = 124,
}
