using OpenCvSharp;
using OpenCvSharp.Internal;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Reference;

/// <summary>
/// OpenCV's <c>cv::dnn::blobFromImage</c> (resize to the tensor size, subtract the mean, scale,
/// optionally swap R and B, HWC → NCHW) into a caller-owned tensor: the reference RobotEdge's own
/// preprocessing is measured against. OpenCvSharp's entry point returns a blob OpenCV allocated, so
/// each run also copies it into the tensor and frees it (a cost the measured figure includes; the
/// C++ bridge had wrapped the caller's tensor instead). Allocation-free on the managed side; one
/// thread at a time.
/// </summary>
public sealed unsafe class OpenCvBlobFromImage
{
    private readonly double[] _mean;

    /// <summary>Creates the reference for a <paramref name="tensorWidth"/>×<paramref name="tensorHeight"/> output.</summary>
    /// <param name="tensorWidth">Output width, pixels.</param>
    /// <param name="tensorHeight">Output height, pixels.</param>
    /// <param name="scale">Multiplier applied after the mean (1/255 for 0..1 inputs).</param>
    /// <param name="mean">Per-channel mean in the image's channel order (B, G, R before any swap).</param>
    /// <param name="swapRedBlue">Whether to emit RGB planes from the BGR image.</param>
    public OpenCvBlobFromImage(int tensorWidth, int tensorHeight, double scale, double[] mean, bool swapRedBlue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tensorWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tensorHeight, 1);
        if (mean.Length != 3)
        {
            throw new ArgumentException("mean needs three values");
        }

        TensorWidth = tensorWidth;
        TensorHeight = tensorHeight;
        Scale = scale;
        _mean = (double[])mean.Clone();
        SwapRedBlue = swapRedBlue;
    }

    /// <summary>Output width, pixels.</summary>
    public int TensorWidth { get; }

    /// <summary>Output height, pixels.</summary>
    public int TensorHeight { get; }

    /// <summary>Scale factor.</summary>
    public double Scale { get; }

    /// <summary>Whether R and B are swapped.</summary>
    public bool SwapRedBlue { get; }

    /// <summary>Floats the output tensor needs.</summary>
    public int TensorLength => 3 * TensorWidth * TensorHeight;

    /// <summary>Runs blobFromImage on a BGR24 image into <paramref name="tensor"/>.</summary>
    public void Run(ReadOnlySpan<byte> bgr, int width, int height, int strideBytes, Span<float> tensor)
    {
        if (tensor.Length < TensorLength || bgr.Length < strideBytes * (height - 1) + width * 3)
        {
            throw new ArgumentException("image or tensor buffer too small");
        }

        nint blob;
        fixed (byte* image = bgr)
        {
            // No try/finally here (see MatHeader): headers and the blob are freed before a status is checked.
            MatHeader source = MatHeader.Over(image, height, width, MatType.CV_8UC3, strideBytes);
            ExceptionStatus status = NativeMethods.dnn_blobFromImage(source.Mat, Scale, new Size(TensorWidth, TensorHeight),
                new Scalar(_mean[0], _mean[1], _mean[2]), SwapRedBlue ? 1 : 0, 0, out blob);
            source.Dispose();
            OpenCvCall.Check(status, "blobFromImage");
        }

        ExceptionStatus read = NativeMethods.core_Mat_data(blob, out byte* data);
        if (read == ExceptionStatus.NotOccurred)
        {
            new ReadOnlySpan<float>(data, TensorLength).CopyTo(tensor);
        }

        NativeMethods.core_Mat_delete(blob);
        OpenCvCall.Check(read, "blobFromImage");
    }
}
