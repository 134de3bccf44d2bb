using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Serial;

/// <summary>
/// LinuxSerialPort against the serial contract (<see cref="SerialPortContractTests"/>) and what is its
/// own, on a real pseudo-terminal: termios configuration, flock exclusivity, the FTDI latency timer.
/// What a pseudo-terminal cannot show (line timing at the configured baud rate, an FTDI chip's
/// latency timer) is noted on the tests concerned.
/// </summary>
public sealed class LinuxSerialPortTests : SerialPortContractTests
{
    protected override IByteStream Open(string path, int baudRate, int writeTimeoutMs = 100) =>
        LinuxSerialPort.Open(path, baudRate, new SerialPortOptions { WriteTimeoutMs = writeTimeoutMs });

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
    public void NonExclusiveOpen_AllowsSecondHolder()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        SerialPortOptions shared = new() { Exclusive = false };
        using LinuxSerialPort first = LinuxSerialPort.Open(pty.DevicePath, 1_000_000, shared);
        using LinuxSerialPort second = LinuxSerialPort.Open(pty.DevicePath, 1_000_000, shared);

        Assert.Equal(1_000_000, second.BaudRate);
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
}
