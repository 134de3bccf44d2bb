using RobotEdge.Bus.Transports.Can;

namespace RobotEdge.Bus.Tests.Transports.Can;

/// <summary>
/// SocketCanTransport against the kernel. Opening a missing interface is exercised everywhere (it
/// reaches socket() and, where PF_CAN exists, SIOCGIFINDEX); send/receive needs vcan0 or can0 and
/// is reported as skipped without one.
/// </summary>
public sealed class SocketCanTransportTests
{
    [Fact]
    public void Open_MissingInterfaceOrMissingKernelSupport_FailsWithClearMessage()
    {
        CanTransportException ex = Assert.Throws<CanTransportException>(() => SocketCanTransport.Open("robotedge7"));

        // Here: EAFNOSUPPORT (no PF_CAN in this kernel). With SocketCAN but no such interface: ENODEV.
        Assert.True(ex.Errno is 97 or 19, $"unexpected errno {ex.Errno}: {ex.Message}");
        Assert.Contains(ex.Errno == 97 ? "this kernel has no SocketCAN support" : "no CAN interface 'robotedge7'", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a_name_longer_than_15")]
    [InlineData("cän0")]
    public void Open_InvalidInterfaceName_IsRejectedBeforeAnySystemCall(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => SocketCanTransport.Open(name));
    }

    [VirtualCanFact]
    public void SendReceive_OverVcan_FramesArriveExactly()
    {
        string name = VirtualCanFactAttribute.FindInterface()!;
        using SocketCanTransport sender = SocketCanTransport.Open(name, new SocketCanOptions { Filters = [] });
        using SocketCanTransport receiver = SocketCanTransport.Open(name, new SocketCanOptions { Filters = [CanFilter.Standard(0x141), CanFilter.Extended(0x1234567)] });
        while (receiver.TryReceive(out _, 0))
        {
        }

        CanFrame ignored = new(0x140, [9]);
        CanFrame standard = new(0x141, [0x7F, 0xFF, 0x7F, 0xF0, 0x00, 0x00, 0x07, 0xFF]);
        CanFrame extended = new(0x1234567, [1, 2, 3], isExtended: true);

        Assert.True(sender.TrySend(ignored));
        Assert.True(sender.TrySend(standard));
        Assert.True(sender.TrySend(extended));

        Assert.True(receiver.TryReceive(out CanFrame first, 1000));
        Assert.True(receiver.TryReceive(out CanFrame second, 1000));
        Assert.Equal(standard, first);
        Assert.Equal(extended, second);
        Assert.False(receiver.TryReceive(out _, 50));
        Assert.False(sender.TryReceive(out _, 0)); // own frames are not looped back to the sender by default
    }
}
