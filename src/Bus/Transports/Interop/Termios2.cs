using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// <c>struct termios2</c> (asm-generic/termbits.h): the termios variant whose <c>c_ispeed</c> and
/// <c>c_ospeed</c> carry the baud rate in bits per second, used with <c>TCGETS2</c>/<c>TCSETS2</c>
/// so that rates without a <c>Bxxx</c> constant can be set through <c>BOTHER</c>.
/// Layout: four 32-bit flag words (0..15), <c>c_line</c> (16), 19 control characters (17..35),
/// then the two 32-bit speeds at 36 and 40 — 44 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios2
{
    /// <summary>Number of control characters (<c>NCCS</c>) in the asm-generic layout.</summary>
    public const int ControlCharacterCount = 19;

    /// <summary>Size of the structure in bytes; part of the ioctl numbers below.</summary>
    public const int Size = 44;

    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte LineDiscipline;
    public fixed byte ControlCharacters[ControlCharacterCount];
    public uint InputSpeed;
    public uint OutputSpeed;
}
