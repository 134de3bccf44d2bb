using OpenCvSharp;
using OpenCvSharp.Internal;

namespace RobotEdge.Vision.Interop;

/// <summary>
/// A native <c>cv::Mat</c> header over memory we own (a pinned frame, a tensor, a scratch array),
/// with the <c>_InputArray</c> and <c>_OutputArray</c> proxies OpenCV's functions take, created
/// through OpenCvSharp's native entry points: no managed object, so a call that builds one
/// allocates 0 B on the managed heap (OpenCvSharp's <c>Mat</c>-taking overloads build managed
/// proxies, ≈ 208 B per call). OpenCV never owns or frees the memory. Whether a function kept
/// writing into it (rather than reallocating because the size or type differed) is checked with
/// <see cref="StillOver"/>. Dispose before the memory is unpinned.
/// </summary>
/// <remarks>
/// On the frame path callers dispose explicitly, before checking the call's status, rather than
/// with <c>using</c>: a method with a try/finally allocated 168 B on its thread once, when tiered
/// PGO recompiled it (measured with .NET 10; gone with <c>DOTNET_TieredPGO=0</c>), which the
/// allocation tests caught. Only a failed header creation (native out of memory) leaks the headers
/// made before it in that call.
/// </remarks>
internal unsafe ref struct MatHeader
{
    private readonly void* _data;

    private MatHeader(void* data, nint mat, nint input, nint output)
    {
        _data = data;
        Mat = mat;
        Input = input;
        Output = output;
    }

    /// <summary>The <c>cv::Mat*</c>.</summary>
    public nint Mat { get; private set; }

    /// <summary>The <c>cv::_InputArray*</c> over <see cref="Mat"/>.</summary>
    public nint Input { get; private set; }

    /// <summary>The <c>cv::_OutputArray*</c> over <see cref="Mat"/> (also an input-output array).</summary>
    public nint Output { get; private set; }

    /// <summary>A header over <paramref name="rows"/> rows of <paramref name="stepBytes"/> bytes at <paramref name="data"/>. Real-time safe (no managed allocation).</summary>
    public static MatHeader Over(void* data, int rows, int cols, MatType type, long stepBytes)
    {
        nint mat = 0, input = 0, output = 0;
        OpenCvCall.Check(NativeMethods.core_Mat_new8(rows, cols, type, (nint)data, (nint)stepBytes, out mat), "Mat header");
        ExceptionStatus s = NativeMethods.core_InputArray_new_byMat(mat, out input);
        if (s == ExceptionStatus.NotOccurred)
        {
            s = NativeMethods.core_OutputArray_new_byMat(mat, out output);
        }

        var header = new MatHeader(data, mat, input, output);
        if (s != ExceptionStatus.NotOccurred)
        {
            header.Dispose();
            OpenCvCall.Check(s, "Mat header");
        }

        return header;
    }

    /// <summary>A header over a continuous array of <paramref name="rows"/>×<paramref name="cols"/> 8-bit pixels of <paramref name="type"/>.</summary>
    public static MatHeader Over(byte* data, int rows, int cols, MatType type) => Over(data, rows, cols, type, (long)cols * type.Channels);

    /// <summary>A header over a continuous array of <paramref name="rows"/>×<paramref name="cols"/> doubles of <paramref name="type"/>.</summary>
    public static MatHeader Over(double* data, int rows, int cols, MatType type) => Over(data, rows, cols, type, (long)cols * type.Channels * sizeof(double));

    /// <summary>Whether the Mat still points at the memory it was made over (OpenCV did not reallocate it). Real-time safe.</summary>
    public readonly bool StillOver()
    {
        OpenCvCall.Check(NativeMethods.core_Mat_data(Mat, out byte* data), "Mat data");
        return data == _data;
    }

    /// <summary>Deletes the proxies and the header (never the memory, unless OpenCV reallocated it, which it then owns and frees).</summary>
    public void Dispose()
    {
        if (Output != 0)
        {
            NativeMethods.core_OutputArray_delete(Output);
            Output = 0;
        }

        if (Input != 0)
        {
            NativeMethods.core_InputArray_delete(Input);
            Input = 0;
        }

        if (Mat != 0)
        {
            NativeMethods.core_Mat_delete(Mat);
            Mat = 0;
        }
    }
}
