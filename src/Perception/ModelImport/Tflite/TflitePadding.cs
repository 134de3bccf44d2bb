namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>TFLite's <c>Padding</c> enum (schema.fbs).</summary>
internal enum TflitePadding : byte
{
    /// <summary>Output size ceil(in / stride); the padding total split with the odd pixel at the end (bottom/right).</summary>
    Same = 0,

    /// <summary>No padding; output size ceil((in − effective kernel + 1) / stride).</summary>
    Valid = 1,
}
