using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OpenCvSharp;
using OpenCvSharp.Internal;

namespace RobotEdge.Vision.Interop;

/// <summary>
/// The boundary with OpenCvSharp's native library (<c>libOpenCvSharpExtern.so</c>). Every native
/// entry point catches OpenCV's C++ exceptions inside the call and returns an
/// <see cref="ExceptionStatus"/>, so nothing unwinds through managed frames; <see cref="Check"/>
/// turns a failure into an <see cref="OpenCvException"/> that names our call and carries OpenCV's
/// message. Checking a success allocates nothing.
/// </summary>
internal static class OpenCvCall
{
    /// <summary>Throws when <paramref name="status"/> reports an OpenCV error. Real-time safe on success.</summary>
    /// <param name="status">What the native call returned.</param>
    /// <param name="call">What we were doing, for the message ("capture read", "solvePnP").</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(ExceptionStatus status, string call)
    {
        if (status != ExceptionStatus.NotOccurred)
        {
            Throw(call);
        }
    }

    /// <summary>Runs a call of OpenCvSharp's managed API (not the frame path), turning its exceptions into ours.</summary>
    internal static T Run<T>(string call, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            throw Wrap(call, e);
        }
    }

    /// <summary>Our exception for an <see cref="OpenCVException"/> or <see cref="OpenCvSharpException"/> of OpenCvSharp's managed API, naming <paramref name="call"/>.</summary>
    internal static OpenCvException Wrap(string call, Exception e) => e is OpenCVException cv
        ? new OpenCvException(OpenCvStatus.OpenCvError, $"{call}: OpenCV: {Describe(cv)}", e)
        : new OpenCvException(OpenCvStatus.OpenCvError, $"{call}: {e.Message}", e);

    /// <summary>Sets OpenCV's worker-thread count for the whole process (1: every kernel on the calling thread).</summary>
    internal static void SetThreads(int threads) => Check(NativeMethods.core_setNumThreads(threads), "setNumThreads");

    [DoesNotReturn]
    private static void Throw(string call)
    {
        try
        {
            NativeMethods.HandleException(ExceptionStatus.Occurred);
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            throw Wrap(call, e);
        }

        throw new OpenCvException(OpenCvStatus.OpenCvError, $"{call}: OpenCV reported an error without details");
    }

    private static string Describe(OpenCVException e) =>
        string.IsNullOrEmpty(e.ErrMsg) ? e.Message : $"{e.ErrMsg} (in {e.FuncName})";
}
