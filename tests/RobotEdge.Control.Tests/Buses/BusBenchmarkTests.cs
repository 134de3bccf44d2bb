using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Sim.Benchmarks;
using Xunit.Abstractions;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>The benchmark runs end to end and reports consistent figures (no thresholds on speed).</summary>
public sealed class BusBenchmarkTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ServoProtocol.DynamixelX, 1_000_000, SerialPortKind.Termios)]
    [InlineData(ServoProtocol.FeetechSts3215, 4_000_000, SerialPortKind.Termios)]
    [InlineData(ServoProtocol.DynamixelX, 1_000_000, SerialPortKind.System)]
    public void Run_reports_cycles_and_control_thread_cost(ServoProtocol protocol, int baudRate, SerialPortKind portKind)
    {
        BusBenchmarkResult result = BusBenchmark.Run(4, baudRate, TimeSpan.FromSeconds(1.5), protocol, portKind);
        output.WriteLine(result.ToString());

        Assert.Equal(4, result.ServoCount);
        Assert.Equal(baudRate, result.BaudRate);
        // 1.5 s: long enough for some whole cycles even on a loaded machine (0 were seen in 300 ms).
        Assert.True(result.Cycles > 0, $"no bus cycle completed: {result}");
        Assert.True(result.ControlCalls > 0);
        Assert.True(result.ControlCallMeanUs > 0 && result.ControlCallP99Us > 0);
        Assert.Equal(0, result.CrcErrors);
        Assert.Equal(portKind, result.Transport);

        // The control thread only swaps mailboxes, whatever the transport: 0 B per Write + TryRead.
        Assert.Equal(0, result.ControlThreadBytesPerCall);
        Assert.True(result.ProcessBytesPerCycle >= 0);
    }
}
