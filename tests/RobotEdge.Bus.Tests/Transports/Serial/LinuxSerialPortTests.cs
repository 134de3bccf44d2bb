using System.Diagnostics;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Serial;

/// <summary>
/// LinuxSerialPort against a real pseudo-terminal: the device side is opened exactly as a USB
/// adapter would be, so termios configuration, raw mode, exclusivity and timeouts are exercised
/// for real. What a pseudo-terminal cannot show (line timing at the configured baud rate, an FTDI
/// chip's latency timer) is noted on the tests concerned.
/// </summary>
public sealed class LinuxSerialPortTests
{
    public static TheoryData<int> BaudRates => new() { 1_000_000, 4_000_000, 115_200, 3_000_000, 2_222_222 };

    [Theory]
    [MemberData(nameof(BaudRates))]
    public void Open_ConfiguresRequestedBaudRate_ReadBackFromDriver(int baudRate)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, baudRate);

        // BaudRate is what TCGETS2 reports after TCSETS2: it proves the termios2 layout and the
        // BOTHER path (2,222,222 has no Bxxx constant).
        Assert.Equal(baudRate, port.BaudRate);
        Assert.Equal(pty.DevicePath, port.Path);
        Assert.Null(port.LatencyTimerMs);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(4_000_000)]
    public void AllByteValues_PassUnmodified_FromPortToPseudoTerminal(int baudRate)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, baudRate);
        byte[] all = AllByteValuesTwice();

        port.WriteAll(all);

        Assert.Equal(all, pty.ReadExactly(all.Length));
        pty.AssertNothingMore();
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(4_000_000)]
    public void AllByteValues_PassUnmodified_FromPseudoTerminalToPort(int baudRate)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, baudRate);
        byte[] all = AllByteValuesTwice();

        pty.WriteAll(all);

        Assert.Equal(all, port.ReadExactly(all.Length));
        port.AssertNothingMore();

        // No echo in raw mode: what the device side received must not come back to the master.
        pty.AssertNothingMore();
    }

    [Fact]
    public void LineDisciplineCharacters_AreNotTranslated()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);

        // CR, LF, CR LF, XOFF, XON, ^C, ^D, ^Z, DEL, NUL, 0xFF (PARMRK escape), ^V (literal next).
        byte[] tricky = [0x0D, 0x0A, 0x0D, 0x0A, 0x13, 0x11, 0x03, 0x04, 0x1A, 0x7F, 0x00, 0xFF, 0x16, 0x0D];

        pty.WriteAll(tricky);
        Assert.Equal(tricky, port.ReadExactly(tricky.Length));

        port.WriteAll(tricky);
        Assert.Equal(tricky, pty.ReadExactly(tricky.Length));
    }

    [Fact]
    public void Read_ReturnsZero_WhenNothingArrivesWithinTimeout()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);
        byte[] buffer = new byte[16];

        Stopwatch watch = Stopwatch.StartNew();
        int read = port.Read(buffer, 50);
        watch.Stop();

        Assert.Equal(0, read);
        Assert.InRange(watch.ElapsedMilliseconds, 45, 2000);
        Assert.Equal(0, port.Read(buffer, 0));
    }

    [Fact]
    public void Read_ReturnsAvailableBytes_WithoutWaitingForBufferToFill()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);
        pty.WriteAll([1, 2, 3]);
        byte[] buffer = new byte[64];

        Stopwatch watch = Stopwatch.StartNew();
        int read = port.Read(buffer, 5000);

        Assert.InRange(read, 1, 3);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"read waited {watch.ElapsedMilliseconds} ms although data was there");
    }

    [Fact]
    public void LargeTransfer_WithConcurrentReader_ArrivesComplete()
    {
        // 256 KiB is far beyond the tty layer's 4 KiB buffer, so Write must wait on POLLOUT
        // (EAGAIN path) while the other thread drains.
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 4_000_000, new SerialPortOptions { WriteTimeoutMs = 5000 });
        byte[] data = new byte[256 * 1024];
        new Random(1234).NextBytes(data); // fixed seed: a failure is reproducible byte for byte

        byte[]? received = null;
        Thread reader = new(() => received = pty.ReadExactly(data.Length, 10_000));
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
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000, new SerialPortOptions { WriteTimeoutMs = 50 });
        byte[] data = new byte[1024 * 1024];

        Stopwatch watch = Stopwatch.StartNew();
        int written = port.Write(data);
        watch.Stop();

        Assert.InRange(written, 1, data.Length - 1);
        Assert.InRange(watch.ElapsedMilliseconds, 45, 2000);
    }

    [Fact]
    public void DiscardInput_DropsBytesNotYetRead()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);
        pty.WriteAll([9, 9, 9]);
        Thread.Sleep(20);

        port.DiscardInput();
        port.DiscardOutput();

        port.AssertNothingMore();
        pty.WriteAll([7]);
        Assert.Equal([7], port.ReadExactly(1));
    }

    [Fact]
    public void Open_MissingDevice_SaysSoAndAsksIfPluggedIn()
    {
        const string path = "/dev/ttyUSB_robotedge_absent";

        SerialPortException ex = Assert.Throws<SerialPortException>(() => LinuxSerialPort.Open(path, 1_000_000));

        Assert.Equal(SerialPortError.DeviceNotFound, ex.Error);
        Assert.Equal(2, ex.Errno);
        Assert.Equal(path, ex.DevicePath);
        Assert.StartsWith($"no such serial device {path} — is it plugged in?", ex.Message);
    }

    [Fact]
    public void Open_NonTerminal_ReportsNotATty()
    {
        SerialPortException ex = Assert.Throws<SerialPortException>(() => LinuxSerialPort.Open("/dev/null", 1_000_000));

        Assert.Equal(SerialPortError.NotATerminal, ex.Error);
        Assert.Equal(25, ex.Errno);
        Assert.Contains("/dev/null is not a serial device (not a tty)", ex.Message);
    }

    [Fact]
    public void Open_RegularFile_ReportsNotATty()
    {
        string file = System.IO.Path.GetTempFileName();
        try
        {
            SerialPortException ex = Assert.Throws<SerialPortException>(() => LinuxSerialPort.Open(file, 1_000_000));
            Assert.Equal(SerialPortError.NotATerminal, ex.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SecondExclusiveOpen_OfSameDevice_ReportsBusy()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort first = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);

        // Root ignores TIOCEXCL (CAP_SYS_ADMIN); the flock taken beside it refuses every process,
        // including this one through a second open file description.
        SerialPortException ex = Assert.Throws<SerialPortException>(() => LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        Assert.Equal(SerialPortError.Busy, ex.Error);
        Assert.Contains($"{pty.DevicePath} is busy", ex.Message);
        Assert.Contains("fuser", ex.Message);
    }

    [Fact]
    public void Device_CanBeReopened_AfterExclusiveHolderDisposed()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        LinuxSerialPort.Open(pty.DevicePath, 1_000_000).Dispose();

        using LinuxSerialPort again = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);
        pty.WriteAll([42]);

        Assert.Equal([42], again.ReadExactly(1));
    }

    [Fact]
    public void NonExclusiveOpen_AllowsSecondHolder()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        SerialPortOptions shared = new() { Exclusive = false };
        using LinuxSerialPort first = LinuxSerialPort.Open(pty.DevicePath, 1_000_000, shared);
        using LinuxSerialPort second = LinuxSerialPort.Open(pty.DevicePath, 1_000_000, shared);

        Assert.Equal(1_000_000, second.BaudRate);
    }

    [Fact]
    public void Read_AfterPeerVanishes_ReportsDisconnected()
    {
        PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);

        pty.Dispose(); // like unplugging the adapter

        SerialPortException ex = Assert.Throws<SerialPortException>(() => port.Read(new byte[8], 500));
        Assert.Equal(SerialPortError.Disconnected, ex.Error);
        Assert.Contains("was it unplugged?", ex.Message);
    }

    [Fact]
    public void Read_AfterDispose_ThrowsObjectDisposed()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);
        port.Dispose();
        port.Dispose();

        Assert.Throws<ObjectDisposedException>(() => port.Read(new byte[8], 0));
        Assert.Throws<ObjectDisposedException>(() => port.Write([1]));
    }

    [Fact]
    public void PermissionDeniedMessage_PointsToDialoutGroup()
    {
        // Not exercised against the kernel: these tests run as root, which bypasses file
        // permissions, so only the wording for EACCES is checked here.
        SerialPortException ex = new(SerialPortError.PermissionDenied, "/dev/ttyUSB0", 13);

        Assert.Contains("permission denied opening /dev/ttyUSB0", ex.Message);
        Assert.Contains("dialout", ex.Message);
    }

    [Fact]
    public void LatencyTimer_IsLoweredToOneMillisecond_AndLogged()
    {
        // A stand-in sysfs tree: the pseudo-terminal has no FTDI chip, so the file the driver would
        // expose under /sys/class/tty/<name>/device/ is created by the test.
        using PseudoTerminal pty = PseudoTerminal.Open();
        string sysfs = Directory.CreateTempSubdirectory("robotedge-sysfs-").FullName;
        try
        {
            string deviceDir = System.IO.Path.Combine(sysfs, System.IO.Path.GetFileName(pty.DevicePath), "device");
            Directory.CreateDirectory(deviceDir);
            string timer = System.IO.Path.Combine(deviceDir, "latency_timer");
            File.WriteAllText(timer, "16\n");
            List<string> log = [];

            using LinuxSerialPort port = LinuxSerialPort.Open(
                pty.DevicePath, 1_000_000, new SerialPortOptions { SysfsTtyClassPath = sysfs, Log = log.Add });

            Assert.Equal(1, port.LatencyTimerMs);
            Assert.Equal("1", File.ReadAllText(timer).Trim());
            string line = Assert.Single(log);
            Assert.Contains("latency timer set from 16 ms to 1 ms", line);
        }
        finally
        {
            Directory.Delete(sysfs, recursive: true);
        }
    }

    [Fact]
    public void LatencyTimer_LeftAlone_WhenDisabled()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        string sysfs = Directory.CreateTempSubdirectory("robotedge-sysfs-").FullName;
        try
        {
            string deviceDir = System.IO.Path.Combine(sysfs, System.IO.Path.GetFileName(pty.DevicePath), "device");
            Directory.CreateDirectory(deviceDir);
            File.WriteAllText(System.IO.Path.Combine(deviceDir, "latency_timer"), "16\n");

            using LinuxSerialPort port = LinuxSerialPort.Open(
                pty.DevicePath, 1_000_000, new SerialPortOptions { SysfsTtyClassPath = sysfs, SetLowLatencyTimer = false });

            Assert.Equal(16, port.LatencyTimerMs);
        }
        finally
        {
            Directory.Delete(sysfs, recursive: true);
        }
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
