using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;

namespace RobotEdge.Sim.Benchmarks;

/// <summary>What one <see cref="BusBenchmark.Run"/> measured.</summary>
/// <param name="Protocol">Protocol of the bus and the virtual servos.</param>
/// <param name="ServoCount">Servos on the chain.</param>
/// <param name="BaudRate">Baud rate the port was configured with, bits per second (a pseudo-terminal ignores it).</param>
/// <param name="Duration">Measured time.</param>
/// <param name="Cycles">Full bus cycles (Sync Write + Sync Read) completed in that time.</param>
/// <param name="CyclesPerSecond">Full cycles per second.</param>
/// <param name="ControlCalls">Write + TryRead pairs timed on the control thread.</param>
/// <param name="ControlCallMeanUs">Mean time the control thread spent in one Write + TryRead, microseconds.</param>
/// <param name="ControlCallP99Us">99th percentile of that time, microseconds.</param>
/// <param name="CrcErrors">Answers the bus dropped for a bad CRC/checksum.</param>
/// <param name="MissedReplies">Servo replies missed, all servos together.</param>
public sealed record BusBenchmarkResult(
    ServoProtocol Protocol,
    int ServoCount,
    int BaudRate,
    TimeSpan Duration,
    long Cycles,
    double CyclesPerSecond,
    int ControlCalls,
    double ControlCallMeanUs,
    double ControlCallP99Us,
    long CrcErrors,
    long MissedReplies)
{
    /// <summary>Serial transport the bus ran on (termios or System.IO.Ports).</summary>
    public SerialPortKind Transport { get; init; } = SerialPortKind.Termios;

    /// <summary>
    /// Bytes allocated on the control thread per Write + TryRead pair
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> over the measurement); 0 is the contract.
    /// </summary>
    public double ControlThreadBytesPerCall { get; init; }

    /// <summary>
    /// Bytes allocated by the whole process per full bus cycle (<see cref="GC.GetTotalAllocatedBytes(bool)"/>
    /// over the measurement): the bus's I/O thread, the transport's own threads, the virtual servos and
    /// the measuring loop together.
    /// </summary>
    public double ProcessBytesPerCycle { get; init; }
}
