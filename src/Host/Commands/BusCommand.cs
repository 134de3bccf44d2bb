using System.CommandLine;
using System.Globalization;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.Dynamixel.Registers;
using RobotEdge.Control.Drivers.Feetech.Registers;
using RobotEdge.Control.Scanning;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bus scan &lt;port&gt; [--protocol dynamixel|feetech] [--baud N|all] [--ids A-B] [--timeout-ms N] [--tries N]</c>:
/// lists the servos on a serial bus (id, model, model number, firmware, baud rate), the table an
/// integrator needs to write the robot's <c>buses</c> entry. Exit codes (the CLI's, <see cref="ExitCodes"/>):
/// 0 servos found, 2 bad arguments, 3 a port that is missing, busy or not permitted, 4 no servo answered.
/// </summary>
public static class BusCommand
{
    /// <summary>Exit code for bad arguments.</summary>
    public const int ExitBadInput = ExitCodes.BadInput;

    /// <summary>Exit code for a port that is missing, busy or not permitted.</summary>
    public const int ExitPortFailed = ExitCodes.PreflightFailed;

    /// <summary>Exit code when the scan ran but no servo answered (power, wiring, baud rate or protocol).</summary>
    public const int ExitNothingAnswered = ExitCodes.NothingFound;

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var port = new Argument<string>("port") { Description = "serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/..." };
        var protocol = new Option<string>("--protocol") { Description = "dynamixel (Protocol 2.0, X series) or feetech (STS/SMS)", DefaultValueFactory = _ => "dynamixel" };
        var baud = new Option<string>("--baud") { Description = "line rate in bits per second, or 'all' to try every rate the protocol offers", DefaultValueFactory = _ => "1000000" };
        var ids = new Option<string?>("--ids") { Description = "id range to ping, e.g. 1-20 (default: every id, 0-252 Dynamixel, 0-253 Feetech)" };
        var timeout = new Option<int>("--timeout-ms") { Description = "longest wait for the first try's answer, ms (1-1000); each further try waits twice as long", DefaultValueFactory = _ => ServoScanner.DefaultTimeoutMs };
        var tries = new Option<int>("--tries") { Description = "times each id is asked before it counts as absent (1-10; default 3: waits of 10, 20, 40 ms), so a loaded machine does not miss a servo", DefaultValueFactory = _ => ServoScanner.DefaultTries };
        var scan = new Command(
            "scan",
            $"Ping every id on a serial bus and list the servos found (model, id, firmware). Exit code 0: servos found; {ExitBadInput}: bad input; {ExitPortFailed}: the port cannot be opened; {ExitNothingAnswered}: no servo answered")
        {
            port, protocol, baud, ids, timeout, tries,
        };
        scan.SetAction(parse => Execute(
            parse.GetValue(port)!, parse.GetValue(protocol)!, parse.GetValue(baud)!, parse.GetValue(ids), parse.GetValue(timeout), Console.Out, Console.Error, parse.GetValue(tries)));
        return new Command("bus", "Actuator bus tools for integrators") { scan };
    }

    /// <summary>
    /// Runs a scan and prints the table; returns the process exit code: 0 when servos were found,
    /// <see cref="ExitNothingAnswered"/> when none answered, <see cref="ExitBadInput"/> for bad input, <see cref="ExitPortFailed"/> for a port that cannot be opened.
    /// </summary>
    public static int Execute(string port, string protocolName, string baud, string? ids, int timeoutMs, TextWriter output, TextWriter errors, int tries = ServoScanner.DefaultTries)
    {
        try
        {
            ServoProtocol protocol = ParseProtocol(protocolName);
            int[] rates = ParseBaudRates(protocol, baud);
            (int first, int last) = ParseIds(protocol, ids);
            if (timeoutMs is < 1 or > 1000)
            {
                throw new ArgumentException($"--timeout-ms {timeoutMs} is out of range [1, 1000]");
            }

            if (tries is < 1 or > 10)
            {
                throw new ArgumentException($"--tries {tries} is out of range [1, 10]");
            }

            IReadOnlyList<ScannedServo> found = Scan(port, protocol, rates, first, last, timeoutMs, errors, tries);
            if (found.Count == 0)
            {
                string name = protocol == ServoProtocol.DynamixelX ? "DYNAMIXEL Protocol 2.0" : "FEETECH STS/SMS";
                errors.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"robotedge bus scan: no {name} servo answered on {port} at {string.Join(", ", rates)} bps, ids {first}-{last}, {tries} tries from {timeoutMs} ms up (check power, wiring, baud rate (--baud all) and protocol)"));
                return ExitNothingAnswered;
            }

            PrintTable(found, protocol, port, output);
            return 0;
        }
        catch (IOException e)
        {
            errors.WriteLine($"robotedge bus scan: {e.Message}");
            return ExitPortFailed;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            errors.WriteLine($"robotedge bus scan: {e.Message}");
            return ExitBadInput;
        }
    }

    /// <summary>
    /// Opens <paramref name="port"/> at each rate in turn and pings ids <paramref name="first"/>…<paramref name="last"/>;
    /// progress goes to <paramref name="progress"/> (a self-updating line on a terminal).
    /// </summary>
    /// <exception cref="IOException">The port is missing, not permitted, busy, or failed.</exception>
    public static IReadOnlyList<ScannedServo> Scan(
        string port, ServoProtocol protocol, IReadOnlyList<int> rates, int first, int last, int timeoutMs, TextWriter? progress, int tries = ServoScanner.DefaultTries)
    {
        var found = new List<ScannedServo>();
        bool interactive = progress is not null && ReferenceEquals(progress, Console.Error) && !Console.IsErrorRedirected;
        int total = last - first + 1;
        foreach (int rate in rates)
        {
            using IByteStream serial = SerialPorts.Open(SerialPortKind.Default, port, rate);
            var scanner = new ServoScanner(serial, protocol, rate, timeoutMs, tries);
            found.AddRange(scanner.Scan(first, last, (id, foundAtRate) =>
            {
                int done = id - first + 1;
                if (progress is null || (!interactive && done % 64 != 0 && done != total))
                {
                    return;
                }

                string line = $"scanning {port} at {rate} bps: id {id} ({done}/{total}), {foundAtRate} found so far";
                if (interactive)
                {
                    progress.Write("\r" + line.PadRight(78));
                }
                else
                {
                    progress.WriteLine(line);
                }
            }));

            if (interactive)
            {
                progress!.WriteLine();
            }
        }

        return found;
    }

    private static void PrintTable(IReadOnlyList<ScannedServo> found, ServoProtocol protocol, string port, TextWriter output)
    {
        string name = protocol == ServoProtocol.DynamixelX ? "DYNAMIXEL Protocol 2.0" : "FEETECH STS/SMS";
        output.WriteLine($"{found.Count} {name} servo(s) on {port}:");
        output.WriteLine($"{"id",4}  {"model",-14} {"number",6}  {"firmware",-8}  {"baud",8}");
        foreach (ScannedServo s in found)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Id,4}  {s.ModelName,-14} {s.ModelNumber,6}  {s.Firmware,-8}  {s.BaudRate,8}"));
        }
    }

    private static ServoProtocol ParseProtocol(string name) => name.Trim().ToLowerInvariant() switch
    {
        "dynamixel" or "dxl" => ServoProtocol.DynamixelX,
        "feetech" or "sts" => ServoProtocol.FeetechSts3215,
        _ => throw new ArgumentException($"unknown protocol '{name}' (expected dynamixel or feetech)"),
    };

    private static int[] ParseBaudRates(ServoProtocol protocol, string baud)
    {
        var rates = new List<int>();
        for (byte value = 0; value < 8; value++)
        {
            bool ok = protocol == ServoProtocol.DynamixelX
                ? XSeriesBaudRates.TryGetBitsPerSecond(value, out int bps)
                : FeetechBaudRates.TryGetBitsPerSecond(value, out bps);
            if (ok)
            {
                rates.Add(bps);
            }
        }

        if (string.Equals(baud.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            // Most likely first: 1 Mbps is both vendors' usual setting for arms.
            return [.. rates.OrderBy(r => r == 1_000_000 ? 0 : 1)];
        }

        if (!int.TryParse(baud, NumberStyles.None, CultureInfo.InvariantCulture, out int rate) || !rates.Contains(rate))
        {
            throw new ArgumentException($"baud rate '{baud}' is not one the protocol offers ({string.Join(", ", rates)}) nor 'all'");
        }

        return [rate];
    }

    private static (int First, int Last) ParseIds(ServoProtocol protocol, string? ids)
    {
        int max = ServoScanner.MaxId(protocol);
        if (string.IsNullOrWhiteSpace(ids))
        {
            return (0, max);
        }

        string[] parts = ids.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first) ||
            !int.TryParse(parts.Length == 2 ? parts[1] : parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int last) ||
            first > last || last > max)
        {
            throw new ArgumentException($"id range '{ids}' is not A-B with 0 <= A <= B <= {max}");
        }

        return (first, last);
    }
}
