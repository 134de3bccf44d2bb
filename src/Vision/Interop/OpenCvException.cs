using System.Diagnostics.CodeAnalysis;

namespace RobotEdge.Vision.Interop;

/// <summary>A call into the OpenCV bridge failed; the message is the bridge's own, naming the call.</summary>
public sealed class OpenCvException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpenCvException(OpenCvStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The bridge's status code.</summary>
    public OpenCvStatus Status { get; }

    /// <summary>Throws when <paramref name="status"/> is an error (negative); returns it otherwise.</summary>
    internal static OpenCvStatus ThrowIfFailed(int status)
    {
        if (status < 0)
        {
            Throw(status);
        }

        return (OpenCvStatus)status;
    }

    /// <summary>This thread's last message from the bridge.</summary>
    internal static unsafe string LastMessage()
    {
        byte* buffer = stackalloc byte[1024];
        int length = OpenCvNative.LastError(buffer, 1024);
        return System.Text.Encoding.UTF8.GetString(buffer, Math.Min(length, 1023));
    }

    [DoesNotReturn]
    private static void Throw(int status) => throw new OpenCvException((OpenCvStatus)status, LastMessage());
}
