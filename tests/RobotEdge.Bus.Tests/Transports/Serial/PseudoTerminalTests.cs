using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Serial;

public sealed class PseudoTerminalTests
{
    [Fact]
    public void DevicePath_IsAPtsNode()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();

        Assert.StartsWith("/dev/pts/", pty.DevicePath);
        Assert.True(File.Exists(pty.DevicePath));
    }

    [Fact]
    public void TwoPseudoTerminals_HaveDistinctDevices()
    {
        using PseudoTerminal a = PseudoTerminal.Open();
        using PseudoTerminal b = PseudoTerminal.Open();

        Assert.NotEqual(a.DevicePath, b.DevicePath);
    }

    [Fact]
    public void MasterSide_SurvivesClientReconnect()
    {
        // A virtual device must keep answering when the driver closes and reopens the port
        // (reconnect after a fault): the pseudo-terminal holds its own device-side descriptor.
        using PseudoTerminal pty = PseudoTerminal.Open();
        using (LinuxSerialPort first = LinuxSerialPort.Open(pty.DevicePath, 1_000_000))
        {
            first.WriteAll([1, 2]);
            Assert.Equal([1, 2], pty.ReadExactly(2));
        }

        Assert.Equal(0, pty.Read(new byte[4], 20));

        using LinuxSerialPort second = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);
        second.WriteAll([3]);
        Assert.Equal([3], pty.ReadExactly(1));
        pty.WriteAll([4]);
        Assert.Equal([4], second.ReadExactly(1));
    }

    [Fact]
    public void Read_ReturnsZero_OnTimeout()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();

        Assert.Equal(0, pty.Read(new byte[4], 30));
    }

    [Fact]
    public void Dispose_IsIdempotent_AndLaterCallsThrow()
    {
        PseudoTerminal pty = PseudoTerminal.Open();
        pty.Dispose();
        pty.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pty.Read(new byte[4], 0));
    }
}
