namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>TFLite's <c>ActivationFunctionType</c> (schema.fbs): the activation fused into an operator's output.</summary>
internal enum TfliteActivation : byte
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
}
