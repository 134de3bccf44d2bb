namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>TFLite's <c>TensorType</c> enum (schema.fbs), the values the importer meets.</summary>
internal enum TfliteTensorType : byte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
    Float64 = 10,
}
