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
