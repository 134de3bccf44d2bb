namespace RobotEdge.Perception.Preprocessing;

/// <summary>
/// Turns a BGR24 frame into a model's NCHW float input (letterbox, colour order, normalisation,
/// HWC → CHW) straight in the tensor's memory. Implementations: RobotEdge's managed AVX2 path
/// (<see cref="FramePreprocessor"/>) and OpenCV's kernels (in RobotEdge.Vision); the robot picks
/// one (<c>model.preprocessing</c>). One instance per perception thread.
/// </summary>
public interface IFramePreprocessor
{
    /// <summary>Where the frame sits inside the tensor.</summary>
    LetterboxGeometry Geometry { get; }

    /// <summary>Number of floats in one input tensor (3 × H × W).</summary>
    int TensorLength { get; }

    /// <summary>Writes the letterbox border; once per tensor buffer (<see cref="Run"/> never touches it).</summary>
    void WriteBorder(Span<float> tensor);

    /// <summary>Resamples and normalises one frame into the tensor's content region. Real-time safe.</summary>
    /// <param name="bgr">The frame's pixels, <paramref name="strideBytes"/> bytes per row.</param>
    /// <param name="strideBytes">Bytes per frame row (≥ width × 3).</param>
    /// <param name="tensor">The model's input tensor memory, <see cref="TensorLength"/> floats.</param>
    void Run(ReadOnlySpan<byte> bgr, int strideBytes, Span<float> tensor);
}
