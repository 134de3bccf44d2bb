using System.Globalization;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// A parsed actuator bus URI from <c>robot.json</c>: <c>sim</c>, <c>sim-dynamixel</c>,
/// <c>sim-feetech</c>, <c>sim-slcan</c>, <c>dynamixel:&lt;port&gt;@&lt;baud&gt;</c>,
/// <c>feetech:&lt;port&gt;@&lt;baud&gt;</c>, <c>slcan:&lt;port&gt;@&lt;baud&gt;[/&lt;canBitrate&gt;]</c>
/// or <c>socketcan:&lt;ifname&gt;</c>. Serial schemes take one option, <c>?port=termios</c> (the Linux
/// termios transport, Linux only) or <c>?port=system</c> (System.IO.Ports, any OS); without it the
/// OS decides (termios on Linux, System.IO.Ports elsewhere). Schemes and option values are
/// case-insensitive; the port path is kept as written. Whether a baud rate is one the servos support
/// is the driver's check, not the parser's.
/// </summary>
/// <param name="Scheme">The kind of bus.</param>
/// <param name="Port">Serial device path (serial schemes) or network interface name (<c>socketcan</c>); empty for simulator schemes.</param>
/// <param name="BaudRate">Serial line rate, bits per second; 0 for simulator schemes and <c>socketcan</c>.</param>
/// <param name="CanBitrate">CAN bitrate, bits per second, for <c>slcan</c> (default 1,000,000); 0 otherwise.</param>
/// <param name="PortKind">Serial transport from the <c>?port=</c> option; <see cref="SerialPortKind.Default"/> when absent (and for non-serial schemes).</param>
public readonly record struct BusUri(BusScheme Scheme, string Port, int BaudRate, int CanBitrate, SerialPortKind PortKind = SerialPortKind.Default)
{
    /// <summary>The option that names the serial transport: <c>?port=termios</c> or <c>?port=system</c>.</summary>
    public const string PortOption = "port";

    /// <summary>Lowest serial line rate accepted, bits per second.</summary>
    public const int MinBaudRate = 1_200;

    /// <summary>Highest serial line rate accepted by the parser, bits per second; the driver then checks its own table.</summary>
    public const int MaxBaudRate = 10_500_000;

    /// <summary>Longest Linux network interface name (IFNAMSIZ − 1).</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>Whether the bus is one of the simulator's (<c>sim</c>, <c>sim-*</c>).</summary>
    public bool IsSimulated => Scheme is BusScheme.Sim or BusScheme.SimDynamixel or BusScheme.SimFeetech or BusScheme.SimSlcan;

    /// <summary>Whether the bus drives serial bus servos in position mode (Dynamixel or Feetech, real or virtual).</summary>
    public bool IsServoBus => Scheme is BusScheme.Dynamixel or BusScheme.Feetech or BusScheme.SimDynamixel or BusScheme.SimFeetech;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">
    /// Unknown scheme, missing port or interface, a malformed or out-of-range rate, an unknown option
    /// or option value, or <c>port=termios</c> on an OS other than Linux; the message names the part
    /// at fault and the expected form.
    /// </exception>
    public static BusUri Parse(string text) => Parse(text, OperatingSystem.IsLinux());

    /// <summary>Parses <paramref name="text"/> as on Linux (<paramref name="linux"/> true) or another OS; tests check both.</summary>
    internal static BusUri Parse(string text, bool linux)
    {
        ArgumentNullException.ThrowIfNull(text);
        string uri = text.Trim();
        SerialPortKind portKind = SerialPortKind.Default;
        int question = uri.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            portKind = ParseOptions(text, uri[(question + 1)..], linux);
            uri = uri[..question];
        }

        int colon = uri.IndexOf(':', StringComparison.Ordinal);
        string schemeText = (colon < 0 ? uri : uri[..colon]).ToLowerInvariant();
        string rest = colon < 0 ? "" : uri[(colon + 1)..];
        switch (schemeText)
        {
            case "sim":
            case "sim-dynamixel":
            case "sim-feetech":
            case "sim-slcan":
                if (question >= 0)
                {
                    throw new FormatException($"bus '{text}': simulator buses take no options (write just '{schemeText}')");
                }

                if (colon >= 0)
                {
                    throw new FormatException($"bus '{text}': simulator buses take no port (write just '{schemeText}')");
                }

                return new BusUri(
                    schemeText switch
                    {
                        "sim" => BusScheme.Sim,
                        "sim-dynamixel" => BusScheme.SimDynamixel,
                        "sim-feetech" => BusScheme.SimFeetech,
                        _ => BusScheme.SimSlcan,
                    },
                    "", 0, 0);

            case "dynamixel":
            case "feetech":
            {
                (string port, int baud) = ParseSerial(text, schemeText, rest, "");
                return new BusUri(schemeText == "dynamixel" ? BusScheme.Dynamixel : BusScheme.Feetech, port, baud, 0, portKind);
            }

            case "slcan":
            {
                int slash = rest.LastIndexOf('/');
                int at = rest.LastIndexOf('@');
                int canBitrate = 1_000_000;
                if (slash > at && at >= 0)
                {
                    string canText = rest[(slash + 1)..];
                    if (!int.TryParse(canText, NumberStyles.None, CultureInfo.InvariantCulture, out canBitrate) ||
                        !SlcanCodec.TryGetBitrate(canBitrate, out _))
                    {
                        throw new FormatException(
                            $"bus '{text}': CAN bitrate '{canText}' is not one SLCAN can select (10000, 20000, 50000, 100000, 125000, 250000, 500000, 800000, 1000000)");
                    }

                    rest = rest[..slash];
                }

                (string port, int baud) = ParseSerial(text, schemeText, rest, "[/<canBitrate>]");
                return new BusUri(BusScheme.Slcan, port, baud, canBitrate, portKind);
            }

            case "socketcan":
                if (question >= 0)
                {
                    throw new FormatException($"bus '{text}': socketcan takes no options (the ?port= option is for serial buses)");
                }

                if (rest.Length == 0)
                {
                    throw new FormatException($"bus '{text}': the network interface is missing (expected socketcan:<ifname>, e.g. socketcan:can0)");
                }

                if (rest.Length > MaxInterfaceNameLength || rest.Contains('/') || rest.Contains('@') || rest.Any(char.IsWhiteSpace))
                {
                    throw new FormatException($"bus '{text}': '{rest}' is not a network interface name (at most {MaxInterfaceNameLength} characters, no '/', '@' or spaces)");
                }

                return new BusUri(BusScheme.SocketCan, rest, 0, 0);

            default:
                throw new FormatException(
                    $"bus '{text}': unknown scheme '{schemeText}' (expected sim, sim-dynamixel, sim-feetech, sim-slcan, dynamixel:<port>@<baud>, feetech:<port>@<baud>, slcan:<port>@<baud>[/<canBitrate>] or socketcan:<ifname>)");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Scheme switch
    {
        BusScheme.Sim => "sim",
        BusScheme.SimDynamixel => "sim-dynamixel",
        BusScheme.SimFeetech => "sim-feetech",
        BusScheme.SimSlcan => "sim-slcan",
        BusScheme.Dynamixel => $"dynamixel:{Port}@{BaudRate}{PortSuffix}",
        BusScheme.Feetech => $"feetech:{Port}@{BaudRate}{PortSuffix}",
        BusScheme.Slcan => $"slcan:{Port}@{BaudRate}/{CanBitrate}{PortSuffix}",
        _ => $"socketcan:{Port}",
    };

    private string PortSuffix => PortKind switch
    {
        SerialPortKind.Termios => $"?{PortOption}=termios",
        SerialPortKind.System => $"?{PortOption}=system",
        _ => "",
    };

    /// <summary>Parses the query after '?': exactly one <c>port=termios|system</c>.</summary>
    private static SerialPortKind ParseOptions(string text, string query, bool linux)
    {
        int equals = query.IndexOf('=', StringComparison.Ordinal);
        string key = (equals < 0 ? query : query[..equals]).Trim();
        if (!string.Equals(key, PortOption, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"bus '{text}': unknown option '{query}' (the one option is ?{PortOption}=termios or ?{PortOption}=system)");
        }

        string value = equals < 0 ? "" : query[(equals + 1)..].Trim();
        SerialPortKind kind = value.ToLowerInvariant() switch
        {
            "termios" => SerialPortKind.Termios,
            "system" => SerialPortKind.System,
            _ => throw new FormatException(
                $"bus '{text}': {PortOption} '{value}' is not a serial transport (expected {PortOption}=termios, Linux only, or {PortOption}=system for System.IO.Ports)"),
        };
        if (kind == SerialPortKind.Termios && !linux)
        {
            throw new FormatException($"bus '{text}': {PortOption}=termios is the Linux termios transport and this OS is not Linux; use {PortOption}=system or leave the option out");
        }

        return kind;
    }

    private static (string Port, int Baud) ParseSerial(string text, string scheme, string rest, string suffix)
    {
        string form = $"{scheme}:<port>@<baud>{suffix}, e.g. {scheme}:/dev/ttyUSB0@1000000";
        int at = rest.LastIndexOf('@');
        string port = (at < 0 ? rest : rest[..at]).Trim();
        if (port.Length == 0)
        {
            throw new FormatException($"bus '{text}': the serial port is missing (expected {form})");
        }

        if (at < 0)
        {
            throw new FormatException($"bus '{text}': the baud rate is missing (expected {form})");
        }

        string baudText = rest[(at + 1)..];
        if (!int.TryParse(baudText, NumberStyles.None, CultureInfo.InvariantCulture, out int baud) || baud is < MinBaudRate or > MaxBaudRate)
        {
            throw new FormatException($"bus '{text}': baud rate '{baudText}' is not a whole number of bits per second in [{MinBaudRate}, {MaxBaudRate}]");
        }

        return (port, baud);
    }
}
