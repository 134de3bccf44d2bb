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
}
