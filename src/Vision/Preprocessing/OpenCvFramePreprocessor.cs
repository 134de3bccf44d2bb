using OpenCvSharp;
using OpenCvSharp.Internal;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Preprocessing;

/// <summary>
/// The model card's preprocessing done by OpenCV's kernels (through OpenCvSharp's native entry
/// points): <c>cv::resize</c> (fixed-point SIMD bilinear, or nearest with half-pixel centres) of the
/// frame to the letterbox content, each tensor channel's plane taken with <c>extractChannel</c>, and
/// <c>convertTo</c> with the channel's scale and offset straight into the tensor's content
/// rectangle. Same geometry and border as <see cref="FramePreprocessor"/>; values agree with it
/// within one grey level (OpenCV rounds the resized pixels to 8 bits). Scratch memory is allocated
/// (pinned) once; <see cref="Run"/> allocates nothing on the managed heap: its Mat headers and
/// InputArray/OutputArray proxies are native objects made and freed inside the call, not
/// OpenCvSharp's managed proxies. One instance per perception thread.
/// </summary>
/// <remarks>
/// Creating one sets OpenCV's worker threads to 1 for the process: its kernels then run on the
/// calling (perception) thread only and never take the control loop's core, as ONNX Runtime's
/// intra-op threads are held to one for the same reason.
/// </remarks>
public sealed unsafe class OpenCvFramePreprocessor : IFramePreprocessor
{
    /// <summary>OpenCV's INTER_LINEAR.</summary>
    private const int InterLinear = 1;

    /// <summary>OpenCV's INTER_NEAREST_EXACT: nearest with half-pixel centres, as RobotEdge's own resampling (not INTER_NEAREST).</summary>
    private const int InterNearestExact = 6;

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
        OpenCvCall.SetThreads(1);
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
        // The resized BGR content, then one plane.
        _scratch = GC.AllocateArray<byte>(4 * g.ContentWidth * g.ContentHeight, pinned: true);
    }

    /// <inheritdoc />
    public LetterboxGeometry Geometry => _border.Geometry;

    /// <inheritdoc />
    public int TensorLength => _border.TensorLength;

    /// <inheritdoc />
    public void WriteBorder(Span<float> tensor) => _border.WriteBorder(tensor);

    /// <inheritdoc />
    /// <remarks>Real-time safe: no managed allocation, no lock; OpenCV runs on the calling thread only.</remarks>
    public void Run(ReadOnlySpan<byte> bgr, int strideBytes, Span<float> tensor)
    {
        if (strideBytes < _frameWidth * 3 || bgr.Length < strideBytes * (_frameHeight - 1) + _frameWidth * 3 || tensor.Length < TensorLength)
        {
            ThrowBuffers();
        }

        LetterboxGeometry g = _border.Geometry;
        int area = g.ContentWidth * g.ContentHeight;
        fixed (byte* image = bgr, scratch = _scratch)
        fixed (float* output = tensor)
        {
            // No try/finally on the frame path (see MatHeader): headers are freed before the status is checked.
            MatHeader source = MatHeader.Over(image, _frameHeight, _frameWidth, MatType.CV_8UC3, strideBytes);
            MatHeader resized = MatHeader.Over(scratch, g.ContentHeight, g.ContentWidth, MatType.CV_8UC3);
            MatHeader plane = MatHeader.Over(scratch + 3 * area, g.ContentHeight, g.ContentWidth, MatType.CV_8UC1);
            string step = "letterbox resize";
            ExceptionStatus status = NativeMethods.imgproc_resize(source.Input, resized.Output, new Size(g.ContentWidth, g.ContentHeight), 0, 0,
                _nearest ? InterNearestExact : InterLinear);
            bool intact = true;
            for (int c = 0; c < 3 && status == ExceptionStatus.NotOccurred; c++)
            {
                float* origin = output + (long)g.TensorWidth * g.TensorHeight * c + (long)g.PadY * g.TensorWidth + g.PadX;
                MatHeader destination = MatHeader.Over(origin, g.ContentHeight, g.ContentWidth, MatType.CV_32FC1, (long)g.TensorWidth * sizeof(float));
                step = "letterbox channel";
                status = NativeMethods.core_extractChannel(resized.Input, plane.Output, _sourceChannel[c]);
                if (status == ExceptionStatus.NotOccurred)
                {
                    step = "letterbox convert";
                    status = NativeMethods.core_Mat_convertTo(plane.Mat, destination.Output, MatType.CV_32FC1, _scale[c], _bias[c]);
                }

                intact &= destination.StillOver();
                destination.Dispose();
            }

            intact &= resized.StillOver() && plane.StillOver();
            plane.Dispose();
            resized.Dispose();
            source.Dispose();
            OpenCvCall.Check(status, step);
            if (!intact)
            {
                ThrowReallocated();
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowReallocated() =>
        throw new OpenCvException(OpenCvStatus.SizeMismatch, "letterbox: OpenCV reallocated the tensor plane or the scratch instead of writing into it");

    private void ThrowBuffers() => throw new ArgumentException(
        $"frame buffer or tensor too small for {_frameWidth}x{_frameHeight} into {Geometry.TensorWidth}x{Geometry.TensorHeight}");
}
