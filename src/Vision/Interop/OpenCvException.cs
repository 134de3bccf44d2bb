namespace RobotEdge.Vision.Interop;

/// <summary>A call into OpenCV failed; the message names the call and, for OpenCV's own errors, carries OpenCV's message.</summary>
public sealed class OpenCvException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpenCvException(OpenCvStatus status, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>What kind of failure it was.</summary>
    public OpenCvStatus Status { get; }
}
