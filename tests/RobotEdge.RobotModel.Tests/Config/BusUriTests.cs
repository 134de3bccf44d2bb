using RobotEdge.Bus.Transports.Serial;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.RobotModel.Tests.Config;

/// <summary>Bus URIs from robot.json: every accepted form, and a clear error for each kind of mistake.</summary>
public class BusUriTests
{
    [Theory]
    [InlineData("sim", BusScheme.Sim, "", 0, 0)]
    [InlineData(" SIM-Dynamixel ", BusScheme.SimDynamixel, "", 0, 0)]
    [InlineData("sim-feetech", BusScheme.SimFeetech, "", 0, 0)]
    [InlineData("sim-slcan", BusScheme.SimSlcan, "", 0, 0)]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000", BusScheme.Dynamixel, "/dev/ttyUSB0", 1_000_000, 0)]
    [InlineData("feetech:/dev/serial/by-id/usb-1a86_USB_Single_Serial_5A46-if00@1000000", BusScheme.Feetech, "/dev/serial/by-id/usb-1a86_USB_Single_Serial_5A46-if00", 1_000_000, 0)]
    [InlineData("dynamixel:/dev/ttyUSB0@4000000", BusScheme.Dynamixel, "/dev/ttyUSB0", 4_000_000, 0)]
    [InlineData("slcan:/dev/ttyACM1@115200", BusScheme.Slcan, "/dev/ttyACM1", 115_200, 1_000_000)]
    [InlineData("slcan:/dev/ttyACM1@1000000/500000", BusScheme.Slcan, "/dev/ttyACM1", 1_000_000, 500_000)]
    [InlineData("socketcan:can0", BusScheme.SocketCan, "can0", 0, 0)]
    public void Parses_every_form(string text, BusScheme scheme, string port, int baud, int canBitrate)
    {
        BusUri uri = BusUri.Parse(text);

        Assert.Equal(new BusUri(scheme, port, baud, canBitrate), uri);
        Assert.Equal(uri, BusUri.Parse(uri.ToString()));
    }

    [Theory]
    [InlineData("ethercat:/dev/x@1", "unknown scheme 'ethercat'")]
    [InlineData("dynamixel", "the serial port is missing")]
    [InlineData("dynamixel:@1000000", "the serial port is missing")]
    [InlineData("feetech:/dev/ttyACM0", "the baud rate is missing")]
    [InlineData("feetech:/dev/ttyACM0@fast", "baud rate 'fast' is not a whole number")]
    [InlineData("dynamixel:/dev/ttyUSB0@-5", "baud rate '-5' is not a whole number")]
    [InlineData("dynamixel:/dev/ttyUSB0@20000000", "baud rate '20000000' is not a whole number of bits per second in [1200, 10500000]")]
    [InlineData("slcan:/dev/ttyACM1@1000000/700000", "CAN bitrate '700000' is not one SLCAN can select")]
    [InlineData("slcan:@1000000", "the serial port is missing")]
    [InlineData("socketcan:", "the network interface is missing")]
    [InlineData("socketcan:a_name_much_too_long", "is not a network interface name")]
    [InlineData("sim:/dev/ttyUSB0", "simulator buses take no port")]
    public void Rejects_malformed_uris_with_a_message_naming_the_fault(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => BusUri.Parse(text));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(text.Trim(), e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamixel:COM3@1000000?port=system", BusScheme.Dynamixel, "COM3", SerialPortKind.System)]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000?port=termios", BusScheme.Dynamixel, "/dev/ttyUSB0", SerialPortKind.Termios)]
    [InlineData("feetech:/dev/cu.usbserial-A1@1000000?PORT=System", BusScheme.Feetech, "/dev/cu.usbserial-A1", SerialPortKind.System)]
    [InlineData("slcan:/dev/ttyACM0@115200/500000?port=system", BusScheme.Slcan, "/dev/ttyACM0", SerialPortKind.System)]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000", BusScheme.Dynamixel, "/dev/ttyUSB0", SerialPortKind.Default)]
    public void Port_option_names_the_serial_transport_and_round_trips(string text, BusScheme scheme, string port, SerialPortKind kind)
    {
        BusUri uri = BusUri.Parse(text, linux: true);

        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(port, uri.Port);
        Assert.Equal(kind, uri.PortKind);
        Assert.Equal(uri, BusUri.Parse(uri.ToString(), linux: true));
    }

    [Fact]
    public void Slcan_keeps_its_can_bitrate_beside_the_port_option()
    {
        BusUri uri = BusUri.Parse("slcan:/dev/ttyACM0@115200/500000?port=termios", linux: true);

        Assert.Equal(new BusUri(BusScheme.Slcan, "/dev/ttyACM0", 115_200, 500_000, SerialPortKind.Termios), uri);
        Assert.Equal("slcan:/dev/ttyACM0@115200/500000?port=termios", uri.ToString());
    }

    [Fact]
    public void System_port_is_accepted_on_every_os()
    {
        Assert.Equal(SerialPortKind.System, BusUri.Parse("dynamixel:COM3@1000000?port=system", linux: false).PortKind);
        Assert.Equal(SerialPortKind.Default, BusUri.Parse("dynamixel:COM3@1000000", linux: false).PortKind);
    }

    [Theory]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000?port=serial", "port 'serial' is not a serial transport (expected port=termios, Linux only, or port=system")]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000?port=", "port '' is not a serial transport")]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000?port=system&x=1", "port 'system&x=1' is not a serial transport")]
    [InlineData("feetech:/dev/ttyUSB0@1000000?latency=1", "unknown option 'latency=1' (the one option is ?port=termios or ?port=system)")]
    [InlineData("feetech:/dev/ttyUSB0@1000000?", "unknown option ''")]
    [InlineData("sim-dynamixel?port=system", "simulator buses take no options")]
    [InlineData("socketcan:can0?port=system", "socketcan takes no options")]
    [InlineData("dynamixel:?port=system", "the serial port is missing")]
    [InlineData("dynamixel:/dev/ttyUSB0?port=system", "the baud rate is missing")]
    public void Rejects_a_bad_port_option_with_a_message_naming_it(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => BusUri.Parse(text, linux: true));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(text.Trim(), e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamixel:COM3@1000000?port=termios")]
    [InlineData("slcan:/dev/cu.usbmodem1@115200?port=TERMIOS")]
    public void Rejects_termios_on_an_os_other_than_linux(string text)
    {
        var e = Assert.Throws<FormatException>(() => BusUri.Parse(text, linux: false));

        Assert.Contains("port=termios is the Linux termios transport and this OS is not Linux; use port=system or leave the option out", e.Message, StringComparison.Ordinal);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Equal(SerialPortKind.Termios, BusUri.Parse(text, linux: true).PortKind);
    }
}
