namespace RobotEdge.Vision.Interop;

/// <summary>Status codes of the OpenCV bridge (<c>REB_*</c> in robotedge_opencv.h).</summary>
public enum OpenCvStatus
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>A capture reached the end of its file (not an error).</summary>
    End = 1,

    /// <summary>A null pointer, bad size or unknown option.</summary>
    BadArgument = -1,

    /// <summary>A device, file or URL could not be opened.</summary>
    OpenFailed = -2,

    /// <summary>A frame's size differs from the buffer it was to land in.</summary>
    SizeMismatch = -3,

    /// <summary>OpenCV raised an error.</summary>
    OpenCvError = -4,

    /// <summary>Any other failure inside the bridge.</summary>
    Internal = -5,

    /// <summary>Nothing found: no chessboard in the image, no PnP solution.</summary>
    NotFound = -6,
}
