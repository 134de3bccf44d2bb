using System.Runtime.InteropServices;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports;

/// <summary>
/// Sizes of the native structures the transports pass to the kernel, against the C headers
/// (asm-generic/termbits.h, poll.h, linux/can.h, net/if.h on 64-bit Linux). The interop types are
/// internal, so they are looked up by name rather than made public for the test.
/// </summary>
public sealed class InteropLayoutTests
{
    [Theory]
    [InlineData("Termios2", 44)]
    [InlineData("PollFd", 8)]
    [InlineData("SockAddrCan", 24)]
    [InlineData("InterfaceRequest", 40)]
    public void NativeStruct_HasHeaderSize(string typeName, int size)
    {
        Type? type = typeof(LinuxSerialPort).Assembly.GetType($"RobotEdge.Bus.Transports.Interop.{typeName}");

        Assert.NotNull(type);
        Assert.Equal(size, Marshal.SizeOf(type));
    }

    [Theory]
    [InlineData("TCGETS2", 0x802C542Au)]
    [InlineData("TCSETS2", 0x402C542Bu)]
    public void IoctlNumbers_MatchHeaderEncoding(string name, uint value)
    {
        // _IOR('T', 0x2A, struct termios2) and _IOW('T', 0x2B, struct termios2) as glibc's headers
        // expand them on x86-64 and ARM64.
        Type type = typeof(LinuxSerialPort).Assembly.GetType("RobotEdge.Bus.Transports.Interop.IoctlRequest")!;

        Assert.Equal(value, (uint)type.GetField(name)!.GetRawConstantValue()!);
    }
}
