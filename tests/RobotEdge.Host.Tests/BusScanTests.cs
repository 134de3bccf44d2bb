using System.Diagnostics;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Scanning;
using RobotEdge.Host.Commands;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Host.Tests;

/// <summary>
/// <c>robotedge bus scan</c> against virtual servo chains on real pseudo-terminals. In the collection
/// that runs alone: the scan under a CPU hog loads the machine on purpose, which would push the
/// parallel lockstep tests' servo replies into their timeout path.
/// </summary>
[Collection(RealRobotCollection.Name)]
public class BusScanTests
{
    // These tests are about what is found and printed: one try with a generous timeout (the virtual
    // chain's thread shares a loaded CI machine) keeps them short. The default retries are proven
    // under a CPU hog below.
    [Fact]
    public void Scan_finds_exactly_the_dynamixel_servos_the_chain_was_created_with()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [3, 7, 12]);

        IReadOnlyList<ScannedServo> found = BusCommand.Scan(pty.DevicePath, ServoProtocol.DynamixelX, [1_000_000], 0, 20, timeoutMs: 100, progress: null, tries: 1);

        Assert.Equal([3, 7, 12], found.Select(s => (int)s.Id));
        Assert.All(found, s => Assert.Equal((VirtualDynamixelChain.ModelNumber, "XM430-W350", VirtualDynamixelChain.FirmwareVersion.ToString(), 1_000_000),
            (s.ModelNumber, s.ModelName, s.Firmware, s.BaudRate)));
    }

    [Fact]
    public void Scan_finds_exactly_the_feetech_servos_the_chain_was_created_with()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualFeetechChain(pty, MonotonicClock.Instance, [1, 2, 6]);

        IReadOnlyList<ScannedServo> found = BusCommand.Scan(pty.DevicePath, ServoProtocol.FeetechSts3215, [1_000_000], 0, 10, timeoutMs: 100, progress: null, tries: 1);

        Assert.Equal([1, 2, 6], found.Select(s => (int)s.Id));
        // The virtual STS3215 reports firmware 3.10 at addresses 0–1.
        Assert.All(found, s => Assert.Equal((VirtualFeetechChain.ModelNumber, "STS3215", "3.10"), (s.ModelNumber, s.ModelName, s.Firmware)));
    }

    [Fact]
    public void An_unplugged_servo_is_not_listed()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [1, 2, 3]);
        chain.SetPresent(2, false);

        IReadOnlyList<ScannedServo> found = BusCommand.Scan(pty.DevicePath, ServoProtocol.DynamixelX, [1_000_000], 1, 3, timeoutMs: 200, progress: null, tries: 1);

        Assert.Equal([1, 3], found.Select(s => (int)s.Id));
    }

    [Fact]
    public void Command_prints_the_table_and_reports_progress()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [5]);
        var output = new StringWriter();
        var errors = new StringWriter();

        int exit = BusCommand.Execute(pty.DevicePath, "dynamixel", "1000000", "0-127", 30, output, errors, tries: 1);

        Assert.Equal(0, exit);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("1 DYNAMIXEL Protocol 2.0 servo(s)", lines[0], StringComparison.Ordinal);
        Assert.Equal(["5", "XM430-W350", "1020", "52", "1000000"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Progress every 64 ids when not on a terminal: after ids 63 and 127.
        Assert.Equal(2, errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("id 127 (128/128), 1 found so far", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/null", "herkulex", "1000000", null, "unknown protocol 'herkulex'")]
    [InlineData("/dev/null", "feetech", "2000000", null, "baud rate '2000000' is not one the protocol offers")]
    [InlineData("/dev/null", "dynamixel", "1000000", "0-300", "id range '0-300' is not A-B with 0 <= A <= B <= 252")]
    public void Bad_input_gives_one_clear_line_and_exit_code_2(string port, string protocol, string baud, string? ids, string expected)
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        int exit = BusCommand.Execute(port, protocol, baud, ids, 5, output, errors);

        Assert.Equal(2, exit);
        Assert.StartsWith("robotedge bus scan: ", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, errors.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void A_missing_port_gives_one_clear_line_and_the_preflight_exit_code_3()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        int exit = BusCommand.Execute("/dev/robotedge-no-such-port", "dynamixel", "1000000", null, 5, output, errors);

        Assert.Equal(3, exit);
        Assert.Equal(1, errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("/dev/robotedge-no-such-port", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void With_the_default_settings_every_servo_is_found_15_times_in_a_row_under_a_cpu_hog(ServoProtocol protocol)
    {
        byte[] ids = [2, 5, 9, 14];
        using CpuHog hog = CpuHog.Start();
        for (int run = 0; run < 15; run++)
        {
            // A fresh port and chain each run, as each `robotedge bus scan` opens its own.
            using var pty = PseudoTerminal.Open();
            using VirtualServoChain chain = protocol == ServoProtocol.DynamixelX
                ? new VirtualDynamixelChain(pty, MonotonicClock.Instance, ids)
                : new VirtualFeetechChain(pty, MonotonicClock.Instance, ids);
            var output = new StringWriter();
            var errors = new StringWriter();

            int exit = BusCommand.Execute(pty.DevicePath, protocol == ServoProtocol.DynamixelX ? "dynamixel" : "feetech", "1000000", "0-15",
                ServoScanner.DefaultTimeoutMs, output, errors);

            Assert.True(exit == 0, $"run {run}: exit {exit}, {errors}");
            int[] found = [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Skip(2).Select(line => int.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))];
            Assert.True(ids.Select(i => (int)i).SequenceEqual(found), $"run {run}: found {string.Join(",", found)}");
        }

        Assert.True(hog.StillRunning, "the CPU hog ended early; the scans did not run under load");
    }

    [Fact]
    public void Nothing_answering_is_one_line_and_exit_code_4()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualFeetechChain(pty, MonotonicClock.Instance, [1]);
        chain.SetPresent(1, false);
        var output = new StringWriter();
        var errors = new StringWriter();

        int exit = BusCommand.Execute(pty.DevicePath, "feetech", "1000000", "0-4", 5, output, errors);

        Assert.Equal(BusCommand.ExitNothingAnswered, exit);
        Assert.Equal(4, exit);
        Assert.Equal("", output.ToString());
        // Progress lines aside ("scanning … 0 found so far"), one line says why.
        string line = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("robotedge bus scan: ", StringComparison.Ordinal));
        Assert.StartsWith($"robotedge bus scan: no FEETECH STS/SMS servo answered on {pty.DevicePath}", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 3, "--timeout-ms 0 is out of range [1, 1000]")]
    [InlineData(10, 0, "--tries 0 is out of range [1, 10]")]
    public void Out_of_range_timeout_or_tries_is_bad_input(int timeoutMs, int tries, string expected)
    {
        var errors = new StringWriter();

        int exit = BusCommand.Execute("/dev/null", "dynamixel", "1000000", "1-2", timeoutMs, new StringWriter(), errors, tries);

        Assert.Equal(BusCommand.ExitBadInput, exit);
        Assert.Contains(expected, errors.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// One <c>nice -n 5 yes &gt; /dev/null</c> per core, as CI runs beside the tests: load started by
    /// the test itself so that the scan is proven under it. Disposing ends exactly these processes.
    /// </summary>
    private sealed class CpuHog : IDisposable
    {
        private readonly List<Process> _processes = [];

        public bool StillRunning => _processes.TrueForAll(p => !p.HasExited);

        public static CpuHog Start()
        {
            var hog = new CpuHog();
            for (int i = 0; i < Environment.ProcessorCount; i++)
            {
                var start = new ProcessStartInfo("sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("exec nice -n 5 yes > /dev/null");
                hog._processes.Add(Process.Start(start) ?? throw new InvalidOperationException("could not start the CPU hog"));
            }

            return hog;
        }

        public void Dispose()
        {
            foreach (Process p in _processes)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                    p.WaitForExit();
                }

                p.Dispose();
            }
        }
    }
}
