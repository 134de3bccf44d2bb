namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// Field slots of the TFLite tables the importer reads, numbered as in TFLite's published
/// schema.fbs (a union field takes two slots: its type byte, then its value).
/// </summary>
internal static class TfliteSchema
{
    /// <summary>The four-byte file identifier at byte 4 of every TFLite flatbuffer.</summary>
    public const string FileIdentifier = "TFL3";

    /// <summary>Slots of table <c>Model</c>.</summary>
    public static class Model
    {
        public const int Version = 0;
        public const int OperatorCodes = 1;
        public const int Subgraphs = 2;
        public const int Description = 3;
        public const int Buffers = 4;
    }

    /// <summary>Slots of table <c>OperatorCode</c>.</summary>
    public static class OperatorCode
    {
        public const int DeprecatedBuiltinCode = 0;
        public const int CustomCode = 1;
        public const int Version = 2;
        public const int BuiltinCode = 3;
    }

    /// <summary>Slots of table <c>SubGraph</c>.</summary>
    public static class SubGraph
    {
        public const int Tensors = 0;
        public const int Inputs = 1;
        public const int Outputs = 2;
        public const int Operators = 3;
        public const int Name = 4;
    }

    /// <summary>Slots of table <c>Tensor</c>.</summary>
    public static class Tensor
    {
        public const int Shape = 0;
        public const int Type = 1;
        public const int Buffer = 2;
        public const int Name = 3;
        public const int Quantization = 4;
        public const int IsVariable = 5;
        public const int Sparsity = 6;
    }

    /// <summary>Slots of table <c>QuantizationParameters</c>.</summary>
    public static class Quantization
    {
        public const int Scale = 2;
    }

    /// <summary>Slots of table <c>Buffer</c> (offset/size are used by files over 2 GB instead of data).</summary>
    public static class Buffer
    {
        public const int Data = 0;
        public const int Offset = 1;
        public const int Size = 2;
    }

    /// <summary>Slots of table <c>Operator</c>.</summary>
    public static class Operator
    {
        public const int OpcodeIndex = 0;
        public const int Inputs = 1;
        public const int Outputs = 2;
        public const int BuiltinOptionsType = 3;
        public const int BuiltinOptions = 4;
    }

    /// <summary>Slots of table <c>SparsityParameters</c>.</summary>
    public static class Sparsity
    {
        public const int TraversalOrder = 0;
        public const int BlockMap = 1;
        public const int DimMetadata = 2;
    }

    /// <summary>Slots of table <c>DimensionMetadata</c>; segments and indices are unions of int vectors.</summary>
    public static class DimensionMetadata
    {
        public const int Format = 0;
        public const int DenseSize = 1;
        public const int ArraySegmentsType = 2;
        public const int ArraySegments = 3;
        public const int ArrayIndicesType = 4;
        public const int ArrayIndices = 5;

        /// <summary><c>DimensionType.SPARSE_CSR</c> (DENSE is 0).</summary>
        public const byte SparseCsr = 1;
    }

    /// <summary>Union <c>SparseIndexVector</c>: each member is a table whose slot 0 is <c>values</c>.</summary>
    public static class SparseIndexVector
    {
        public const byte Int32Vector = 1;
        public const byte Uint16Vector = 2;
        public const byte Uint8Vector = 3;
        public const int Values = 0;
    }

    /// <summary>Slots of <c>Conv2DOptions</c>.</summary>
    public static class Conv2DOptions
    {
        public const int Padding = 0;
        public const int StrideW = 1;
        public const int StrideH = 2;
        public const int FusedActivation = 3;
        public const int DilationW = 4;
        public const int DilationH = 5;
    }

    /// <summary>Slots of <c>DepthwiseConv2DOptions</c>.</summary>
    public static class DepthwiseConv2DOptions
    {
        public const int Padding = 0;
        public const int StrideW = 1;
        public const int StrideH = 2;
        public const int DepthMultiplier = 3;
        public const int FusedActivation = 4;
        public const int DilationW = 5;
        public const int DilationH = 6;
    }

    /// <summary>Slots of <c>Pool2DOptions</c>.</summary>
    public static class Pool2DOptions
    {
        public const int Padding = 0;
        public const int StrideW = 1;
        public const int StrideH = 2;
        public const int FilterWidth = 3;
        public const int FilterHeight = 4;
        public const int FusedActivation = 5;
    }

    /// <summary>Slots of <c>AddOptions</c>.</summary>
    public static class AddOptions
    {
        public const int FusedActivation = 0;
    }

    /// <summary>Slots of <c>ConcatenationOptions</c>.</summary>
    public static class ConcatenationOptions
    {
        public const int Axis = 0;
        public const int FusedActivation = 1;
    }

    /// <summary>Slots of <c>ResizeBilinearOptions</c> (slots 0 and 1 are deprecated sizes).</summary>
    public static class ResizeBilinearOptions
    {
        public const int AlignCorners = 2;
        public const int HalfPixelCenters = 3;
    }

    /// <summary>Slots of <c>DepthToSpaceOptions</c>.</summary>
    public static class DepthToSpaceOptions
    {
        public const int BlockSize = 0;
    }
}
