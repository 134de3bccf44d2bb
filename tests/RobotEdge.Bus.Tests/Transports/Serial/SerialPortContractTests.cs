using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Serial;

/// <summary>
/// What every serial transport behind <see cref="IByteStream"/> must do, exercised against a real
/// pseudo-terminal (its device side, <c>/dev/pts/N</c>, is opened exactly as a USB adapter would be);
/// run once per implementation through the sealed subclasses. No wall-clock bounds are asserted:
/// timeouts only decide that nothing came, and are generous for a loaded CI machine.
/// </summary>
public abstract class SerialPortContractTests
{
    /// <summary>Opens the device <paramref name="path"/> with the implementation under test.</summary>
    protected abstract IByteStream Open(string path, int baudRate, int writeTimeoutMs = 100);

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(4_000_000)]
    public void AllByteValues_PassUnmodified_FromPortToPseudoTerminal(int baudRate)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, baudRate);
        byte[] all = AllByteValuesTwice();

        port.WriteAll(all);

        Assert.Equal(all, pty.ReadExactly(all.Length, 10_000));
        pty.AssertNothingMore();
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(4_000_000)]
    public void AllByteValues_PassUnmodified_FromPseudoTerminalToPort(int baudRate)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, baudRate);
        byte[] all = AllByteValuesTwice();

        pty.WriteAll(all);

        Assert.Equal(all, port.ReadExactly(all.Length, 10_000));
        port.AssertNothingMore();

        // No echo in raw mode: what the device side received must not come back to the master.
        pty.AssertNothingMore();
    }

    [Fact]
    public void LineDisciplineCharacters_AreNotTranslated()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 1_000_000);

        // CR, LF, CR LF, XOFF, XON, ^C, ^D, ^Z, DEL, NUL, 0xFF (PARMRK escape), ^V (literal next).
        byte[] tricky = [0x0D, 0x0A, 0x0D, 0x0A, 0x13, 0x11, 0x03, 0x04, 0x1A, 0x7F, 0x00, 0xFF, 0x16, 0x0D];

        pty.WriteAll(tricky);
        Assert.Equal(tricky, port.ReadExactly(tricky.Length, 10_000));

        port.WriteAll(tricky);
        Assert.Equal(tricky, pty.ReadExactly(tricky.Length, 10_000));
    }

    [Fact]
    public void Read_ReturnsZero_WhenNothingArrivesWithinTimeout()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 1_000_000);
        byte[] buffer = new byte[16];

        Assert.Equal(0, port.Read(buffer, 50));
        Assert.Equal(0, port.Read(buffer, 0));
    }

    [Fact]
    public void Read_ReturnsAvailableBytes_WithoutWaitingForBufferToFill()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 1_000_000);
        pty.WriteAll([1, 2, 3]);
        byte[] buffer = new byte[64];

        // An infinite wait returns only because the three bytes count as "what has arrived".
        int read = port.Read(buffer, Timeout.Infinite);

        Assert.InRange(read, 1, 3);
        Assert.Equal(buffer[..read], new byte[] { 1, 2, 3 }[..read]);
    }

    [Fact]
    public void Read_WithZeroTimeout_ReturnsWhatHasArrived()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 1_000_000);
        pty.WriteAll([5, 6]);
        byte[] buffer = new byte[64];

        int read = 0;
        for (int attempt = 0; attempt < 1000 && read == 0; attempt++)
        {
            read = port.Read(buffer, 0);
            if (read == 0)
            {
                Thread.Sleep(5);
            }
        }

        Assert.InRange(read, 1, 2);
        Assert.Equal(5, buffer[0]);
    }

    [Fact]
    public void LargeTransfer_WithConcurrentReader_ArrivesComplete()
    {
        // 256 KiB is far beyond the tty layer's 4 KiB buffer, so Write must wait for room while the
        // other thread drains.
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 4_000_000, writeTimeoutMs: 20_000);
        byte[] data = new byte[256 * 1024];
        new Random(1234).NextBytes(data); // fixed seed: a failure is reproducible byte for byte

        byte[]? received = null;
        Thread reader = new(() => received = pty.ReadExactly(data.Length, 30_000));
        reader.Start();
        int written = port.Write(data);
        reader.Join();

        Assert.Equal(data.Length, written);
        Assert.Equal(data, received);
    }

    [Fact]
    public void Write_ReturnsShortCount_WhenPeerDoesNotDrainWithinWriteTimeout()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 1_000_000, writeTimeoutMs: 50);
        byte[] data = new byte[1024 * 1024];

        int written = port.Write(data);

        Assert.InRange(written, 0, data.Length - 1);
    }

    [Fact]
    public void Open_MissingDevice_SaysSoAndAsksIfPluggedIn()
    {
        const string path = "/dev/ttyUSB_robotedge_absent";

        SerialPortException ex = Assert.Throws<SerialPortException>(() => Open(path, 1_000_000));

        Assert.Equal(SerialPortError.DeviceNotFound, ex.Error);
        Assert.Equal(2, ex.Errno);
        Assert.Equal(path, ex.DevicePath);
        Assert.StartsWith($"no such serial device {path} — is it plugged in?", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Open_NonTerminal_ReportsNotATty()
    {
        SerialPortException ex = Assert.Throws<SerialPortException>(() => Open("/dev/null", 1_000_000));

        Assert.Equal(SerialPortError.NotATerminal, ex.Error);
        Assert.Equal(25, ex.Errno);
        Assert.Contains("/dev/null is not a serial device (not a tty)", ex.Message);
    }

    [Fact]
    public void Device_CanBeReopened_AfterHolderDisposed()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        Open(pty.DevicePath, 1_000_000).Dispose();

        using IByteStream again = Open(pty.DevicePath, 1_000_000);
        pty.WriteAll([42]);

        Assert.Equal([42], again.ReadExactly(1, 10_000));
    }

    [Fact]
    public void MasterSide_SurvivesClientReconnect()
    {
        // A virtual device must keep answering when the driver closes and reopens the port
        // (reconnect after a fault): the pseudo-terminal holds its own device-side descriptor.
        using PseudoTerminal pty = PseudoTerminal.Open();
        using (IByteStream first = Open(pty.DevicePath, 1_000_000))
        {
            first.WriteAll([1, 2]);
            Assert.Equal([1, 2], pty.ReadExactly(2, 10_000));
        }

        Assert.Equal(0, pty.Read(new byte[4], 20));

        using IByteStream second = Open(pty.DevicePath, 1_000_000);
        second.WriteAll([3]);
        Assert.Equal([3], pty.ReadExactly(1, 10_000));
        pty.WriteAll([4]);
        Assert.Equal([4], second.ReadExactly(1, 10_000));
    }

    [Fact]
    public void Read_AfterPeerVanishes_ReportsDisconnected()
    {
        PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStream port = Open(pty.DevicePath, 1_000_000);

        pty.Dispose(); // like unplugging the adapter

        SerialPortException ex = Assert.Throws<SerialPortException>(() => ReadUntilFailure(port));
        Assert.Equal(SerialPortError.Disconnected, ex.Error);
        Assert.Contains("was it unplugged?", ex.Message);
    }

    [Fact]
    public void ReadAndWrite_AfterDispose_ThrowObjectDisposed()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        IByteStream port = Open(pty.DevicePath, 1_000_000);
        port.Dispose();
        port.Dispose();

        Assert.Throws<ObjectDisposedException>(() => port.Read(new byte[8], 0));
        Assert.Throws<ObjectDisposedException>(() => port.Write([1]));
    }

    /// <summary>Reads until the port throws; a hang-up may first show as a few empty reads while the implementation notices.</summary>
    private static void ReadUntilFailure(IByteStream port)
    {
        byte[] buffer = new byte[8];
        for (int attempt = 0; attempt < 50; attempt++)
        {
            port.Read(buffer, 100);
        }

        Assert.Fail("the port never reported the hang-up");
    }

    private static byte[] AllByteValuesTwice()
    {
        byte[] all = new byte[512];
        for (int i = 0; i < 256; i++)
        {
            all[i] = (byte)i;
            all[511 - i] = (byte)i;
        }

        return all;
    }
}
