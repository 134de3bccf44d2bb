using RobotEdge.Bus.Messages;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Configuration of a <see cref="MitMotorCanBus"/>: the joints in the robot's order, each with its
/// motor, and the bus cycle's timing. Read once by the bus's constructor.
/// </summary>
public sealed class MitMotorBusConfig
{
    /// <summary>Number of consecutive cycles without a reply after which a motor's joint is faulted.</summary>
    public const int MissedCyclesToFault = 3;

    /// <summary>The joints, in the robot's joint order; 1 to <see cref="JointVector.Capacity"/> entries, distinct CAN ids.</summary>
    public required IReadOnlyList<MitMotorJointConfig> Joints { get; init; }

    /// <summary>
    /// Period of the bus's own I/O thread after <see cref="MitMotorCanBus.Start"/>, microseconds,
    /// ≥ 100. Default 2,000 µs (500 Hz). Unused when the caller pumps cycles itself.
    /// </summary>
    public int CyclePeriodUs { get; init; } = 2_000;

    /// <summary>
    /// Longest wait for the replies of one cycle, milliseconds, ≥ 1. A motor that has not answered
    /// by then counts one missed cycle. Default 2 ms: at 1 Mbit/s a command and its reply take
    /// about 0.25 ms per motor on the wire.
    /// </summary>
    public int ReplyTimeoutMs { get; init; } = 2;
}
