using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// <c>struct sockaddr_can</c>: family (2 bytes), padding, interface index at 4, then a 16-byte
/// union (transport-protocol addresses, unused by raw sockets) aligned to 8 — 24 bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct SockAddrCan
{
    [FieldOffset(0)]
    public ushort Family;

    [FieldOffset(4)]
    public int InterfaceIndex;
}
