using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Serial;

/// <summary>
/// The System.IO.Ports transport against the serial contract, on a pseudo-terminal: System.IO.Ports
/// opens a <c>/dev/pts/N</c> path as it would <c>/dev/ttyUSB0</c> (it takes any path; no
/// <c>/dev/tty*</c> name is required), so no symlink is needed. Plus what is its own: the rate it
/// reports and how it words what System.IO.Ports reports as "access denied".
/// </summary>
public sealed class PortableSerialPortTests : SerialPortContractTests
{
    protected override IByteStream Open(string path, int baudRate, int writeTimeoutMs = 100) =>
        PortableSerialPort.Open(path, baudRate, new SerialPortOptions { WriteTimeoutMs = writeTimeoutMs });

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(4_000_000)]
    [InlineData(115_200)]
    public void Open_ReportsPathAndRate(int baudRate)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using PortableSerialPort port = PortableSerialPort.Open(pty.DevicePath, baudRate);

        Assert.Equal(baudRate, port.BaudRate);
        Assert.Equal(pty.DevicePath, port.Path);
        Assert.Equal($"{pty.DevicePath}@{baudRate}", port.ToString());
    }

    [Fact]
    public void SerialPorts_Opens_TheImplementationTheKindNames()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();

        using (IByteStream system = SerialPorts.Open(SerialPortKind.System, pty.DevicePath, 1_000_000))
        {
            Assert.IsType<PortableSerialPort>(system);
        }

        using IByteStream termios = SerialPorts.Open(SerialPortKind.Termios, pty.DevicePath, 1_000_000);
        Assert.IsType<LinuxSerialPort>(termios);
        Assert.Equal(SerialPortKind.Termios, SerialPorts.Resolve(SerialPortKind.Default));
    }

    [Theory]
    [InlineData(16, SerialPortError.Busy, "is busy")]
    [InlineData(13, SerialPortError.PermissionDenied, "permission denied opening /dev/ttyUSB0")]
    [InlineData(2, SerialPortError.DeviceNotFound, "no such serial device /dev/ttyUSB0")]
    public void AccessDenied_FromSystemIoPorts_IsClassifiedByItsErrno(int errno, SerialPortError expected, string wording)
    {
        // On Unix System.IO.Ports throws UnauthorizedAccessException for every failed open and keeps
        // the errno in an inner IOException; these tests run as root, which the kernel never refuses
        // (TIOCEXCL, file modes), so the mapping is checked on the exception shape itself.
        var thrown = new UnauthorizedAccessException("Access to the port '/dev/ttyUSB0' is denied.", new IOException("system text", errno));

        SerialPortException ex = PortableSerialPort.Classify(thrown, "/dev/ttyUSB0");

        Assert.Equal(expected, ex.Error);
        Assert.Equal(errno, ex.Errno);
        Assert.Contains(wording, ex.Message);
    }

    [Fact]
    public void AccessDenied_WithoutErrno_IsReportedAsBusy()
    {
        // Windows: "access denied" on a COM port that exists means another program holds it.
        SerialPortException ex = PortableSerialPort.Classify(new UnauthorizedAccessException("Access to the port 'COM3' is denied."), "COM3");

        Assert.Equal(SerialPortError.Busy, ex.Error);
        Assert.StartsWith("COM3 is busy", ex.Message);
    }
}
