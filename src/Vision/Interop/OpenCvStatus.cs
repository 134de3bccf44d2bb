namespace RobotEdge.Vision.Interop;

/// <summary>Why a call into OpenCV failed (<see cref="OpenCvException.Status"/>).</summary>
public enum OpenCvStatus
{
    /// <summary>A bad size or an unknown option, refused before OpenCV was called.</summary>
    BadArgument = -1,

    /// <summary>A device, file, URL or output file could not be opened.</summary>
    OpenFailed = -2,

    /// <summary>A frame's size or type differs from the buffer it was to land in (OpenCV would have reallocated it).</summary>
    SizeMismatch = -3,

    /// <summary>OpenCV raised <c>cv::Exception</c>; the message carries OpenCV's own.</summary>
    OpenCvError = -4,

    /// <summary>Nothing found: no chessboard in the image, no PnP solution.</summary>
    NotFound = -6,
}
