using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RobotEdge.Vision.Interop;

/// <summary>Layout of <c>reb_capture_info</c>: what a capture delivers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CaptureInfoNative
{
    /// <summary>Frame width actually delivered, pixels.</summary>
    public int Width;

    /// <summary>Frame height, pixels.</summary>
    public int Height;

    /// <summary>Nominal frame rate (0 when unknown).</summary>
    public double Fps;

    /// <summary>Frames in a file; 0 or negative when unknown.</summary>
    public double FrameCount;

    /// <summary>Backend name, NUL-terminated ASCII.</summary>
    public BackendName Backend;

    /// <summary>The backend's name as a string.</summary>
    public readonly string BackendString
    {
        get
        {
            ReadOnlySpan<byte> bytes = Backend;
            int end = bytes.IndexOf((byte)0);
            return System.Text.Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
        }
    }

    /// <summary>32 bytes of inline storage.</summary>
    [InlineArray(32)]
    internal struct BackendName
    {
        private byte _element0;
    }
}
