using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// <c>struct ifreq</c> as <c>SIOCGIFINDEX</c> uses it: the NUL-terminated name in the first 16
/// bytes, the index returned as an int at 16; the union makes the whole 40 bytes on 64-bit Linux.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal unsafe struct InterfaceRequest
{
    [FieldOffset(0)]
    public fixed byte Name[SocketCanNative.IFNAMSIZ];

    [FieldOffset(16)]
    public int InterfaceIndex;
}
