using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Preprocessing;

/// <summary>
/// The model card's preprocessing done by OpenCV's kernels: <c>cv::resize</c> (fixed-point SIMD
/// bilinear, or nearest with half-pixel centres) of the frame to the letterbox content, split into
/// planes, and <c>convertTo</c> with each channel's scale and offset straight into the tensor's
/// content rectangle. Same geometry and border as <see cref="FramePreprocessor"/>; values agree
/// with it within one grey level (OpenCV rounds the resized pixels to 8 bits). Scratch memory is
/// allocated once; <see cref="Run"/> allocates nothing. One instance per perception thread.
/// </summary>
/// <remarks>
/// Creating one sets OpenCV's worker threads to 1 for the process: its kernels then run on the
/// calling (perception) thread only and never take the control loop's core, as ONNX Runtime's
/// intra-op threads are held to one for the same reason.
/// </remarks>
public sealed unsafe class OpenCvFramePreprocessor : IFramePreprocessor
{
    private readonly FramePreprocessor _border;
    private readonly int _frameWidth;
    private readonly int _frameHeight;
    private readonly bool _nearest;
    private readonly int[] _sourceChannel = new int[3];
    private readonly float[] _scale = new float[3];
    private readonly float[] _bias = new float[3];
    private readonly byte[] _scratch;

    /// <summary>Prepares the preprocessing of <paramref name="frameWidth"/>×<paramref name="frameHeight"/> frames for a model input.</summary>
    public OpenCvFramePreprocessor(ModelInputSpec input, int frameWidth, int frameHeight)
    {
        _border = new FramePreprocessor(input, frameWidth, frameHeight);
        OpenCvNative.SetThreads(1);
        _frameWidth = frameWidth;
        _frameHeight = frameHeight;
        _nearest = input.Resize == ResizeMode.Nearest;
        for (int c = 0; c < 3; c++)
        {
            // The frame is BGR: plane 0 is blue.
            _sourceChannel[c] = input.ChannelOrder == ChannelOrder.Rgb ? 2 - c : c;
            _scale[c] = 1f / input.Std[c];
            _bias[c] = -input.Mean[c] / input.Std[c];
        }

        LetterboxGeometry g = _border.Geometry;
        _scratch = GC.AllocateArray<byte>(6 * g.ContentWidth * g.ContentHeight, pinned: true);
    }

    /// <inheritdoc />
    public LetterboxGeometry Geometry => _border.Geometry;

    /// <inheritdoc />
    public int TensorLength => _border.TensorLength;

    /// <inheritdoc />
    public void WriteBorder(Span<float> tensor) => _border.WriteBorder(tensor);

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> bgr, int strideBytes, Span<float> tensor)
    {
        if (strideBytes < _frameWidth * 3 || bgr.Length < strideBytes * (_frameHeight - 1) + _frameWidth * 3 || tensor.Length < TensorLength)
        {
            ThrowBuffers();
        }

        LetterboxGeometry g = _border.Geometry;
        int status;
        fixed (byte* image = bgr, scratch = _scratch)
        fixed (float* output = tensor, scale = _scale, bias = _bias)
        fixed (int* source = _sourceChannel)
        {
            status = OpenCvNative.LetterboxTensor(image, _frameWidth, _frameHeight, strideBytes, g.ContentWidth, g.ContentHeight,
                g.PadX, g.PadY, g.TensorWidth, g.TensorHeight, _nearest ? 1 : 0, source, scale, bias, scratch, output);
        }

        OpenCvException.ThrowIfFailed(status);
    }

    private void ThrowBuffers() => throw new ArgumentException(
        $"frame buffer or tensor too small for {_frameWidth}x{_frameHeight} into {Geometry.TensorWidth}x{Geometry.TensorHeight}");
}
