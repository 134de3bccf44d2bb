namespace RobotEdge.Control.Buses;

/// <summary>
/// The vendor-specific part of a <see cref="SerialServoBus"/>: which packets make up a cycle and how
/// answers decode. Owned by the bus and used only on the thread that runs its cycles; nothing here
/// allocates after construction, locks or blocks.
/// </summary>
internal abstract class ServoProtocolAdapter
{
    /// <summary>Largest packet any method below writes for up to <see cref="Bus.Messages.JointVector.Capacity"/> servos, bytes.</summary>
    public const int MaxPacketLength = 128;

    /// <summary>Whether a set alert in a reply must be followed by a read of the hardware error register.</summary>
    public abstract bool ReadsHardwareErrorRegister { get; }

    /// <summary>Answers dropped because their CRC or checksum did not match, since construction.</summary>
    public abstract long ChecksumErrorCount { get; }

    /// <summary>Converts a servo angle to the goal position register value, ticks, saturated to the position-mode range.</summary>
    public abstract int ToGoalTicks(double servoRad);

    /// <summary>Sync Write of torque enable (1) to <paramref name="ids"/>.</summary>
    public abstract int WriteTorqueOn(Span<byte> destination, ReadOnlySpan<byte> ids);

    /// <summary>Sync Write of goal positions: <c>goalTicks[i]</c> to <c>ids[i]</c>.</summary>
    public abstract int WriteGoals(Span<byte> destination, ReadOnlySpan<byte> ids, ReadOnlySpan<int> goalTicks);

    /// <summary>Sync Read of present position and velocity from <paramref name="ids"/>.</summary>
    public abstract int WriteFeedbackSyncRead(Span<byte> destination, ReadOnlySpan<byte> ids);

    /// <summary>Unicast Read of present position and velocity: the retry after a corrupted answer.</summary>
    public abstract int WriteFeedbackRead(Span<byte> destination, byte id);

    /// <summary>Unicast Read of the hardware error register (only when <see cref="ReadsHardwareErrorRegister"/>).</summary>
    public abstract int WriteHardwareErrorRead(Span<byte> destination, byte id);

    /// <summary>Free space to receive bytes from the port into; then call <see cref="Advance"/>.</summary>
    public abstract Span<byte> GetReceiveSpan();

    /// <summary>Marks <paramref name="count"/> bytes of the span from <see cref="GetReceiveSpan"/> as received.</summary>
    public abstract void Advance(int count);

    /// <summary>Drops every buffered byte (start of a cycle, after a timeout).</summary>
    public abstract void DiscardBuffered();

    /// <summary>
    /// Decodes the next complete answer. Answers of an unexpected shape (a parameter count that fits
    /// no request of ours, an echo) are skipped.
    /// </summary>
    /// <returns>false when no complete answer is buffered.</returns>
    public abstract bool TryReadReply(out ServoReply reply);

    /// <summary>Readable text for hardware error bits, e.g. "overload, overheating". Allocates: call only when the bits change.</summary>
    public abstract string DescribeHardwareError(byte bits);

    /// <summary>Creates the adapter for <paramref name="protocol"/>.</summary>
    public static ServoProtocolAdapter Create(ServoProtocol protocol) => protocol switch
    {
        ServoProtocol.DynamixelX => new DynamixelServoAdapter(),
        ServoProtocol.FeetechSts3215 => new FeetechServoAdapter(),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown servo protocol."),
    };
}
