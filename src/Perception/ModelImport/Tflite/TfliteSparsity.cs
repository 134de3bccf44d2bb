namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// A sparse constant's layout (<c>SparsityParameters</c> of schema.fbs): the traversal order over
/// the original dimensions followed by the block dimensions, which original dimension each block
/// dimension splits, and per traversed dimension its metadata.
/// </summary>
internal sealed record TfliteSparsity(int[] TraversalOrder, int[] BlockMap, TfliteDimensionMetadata[] Dimensions);

/// <summary>
/// One traversed dimension: dense (<see cref="DenseSize"/> entries) or CSR-compressed
/// (<see cref="Segments"/> delimit, per parent position, the run of <see cref="Indices"/> present).
/// </summary>
internal sealed record TfliteDimensionMetadata(bool IsSparse, int DenseSize, int[] Segments, int[] Indices);
