using RobotEdge.Control.Drivers.Feetech;
using RobotEdge.Control.Drivers.Feetech.Registers;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Feetech STS3215: goals go to Goal Position (42, 2 bytes, little-endian); feedback is one 4-byte
/// Sync Read (0x82) from Present Position (56) through Present Speed (58). The error byte of every
/// status packet carries the hardware error bits, so no extra read is needed. The one-byte checksum
/// can pass a re-framed packet by chance, so only answers with exactly the requested parameter count
/// are accepted. Bus I/O thread only; allocation-free.
/// </summary>
internal sealed class FeetechServoAdapter : ServoProtocolAdapter
{
    /// <summary>First address of the feedback read: Present Position, directly followed by Present Speed.</summary>
    private static readonly byte FeedbackAddress = Sts3215ControlTable.PresentPosition.Address;

    /// <summary>Bytes of the feedback read: 2 of position, 2 of speed.</summary>
    private const int FeedbackLength = 4;

    private const int MaxPositionTicks = Sts3215Units.PositionTicksPerRevolution - 1;

    private static readonly FeetechRegisterCodec Codec = FeetechRegisterCodec.Sts;

    private readonly FeetechStatusReader _reader = new();

    /// <summary>Scratch for per-servo register data of a Sync Write; 2 bytes per servo.</summary>
    private readonly byte[] _data = new byte[2 * Bus.Messages.JointVector.Capacity];

    /// <inheritdoc />
    public override bool ReadsHardwareErrorRegister => false;

    /// <inheritdoc />
    public override long ChecksumErrorCount => _reader.ChecksumErrorCount;

    /// <inheritdoc />
    public override int ToGoalTicks(double servoRad) =>
        (int)Math.Clamp(Math.Round(servoRad / Sts3215Units.RadiansPerPositionTick), 0, MaxPositionTicks);

    /// <inheritdoc />
    public override int WriteTorqueOn(Span<byte> destination, ReadOnlySpan<byte> ids)
    {
        Span<byte> data = _data.AsSpan(0, ids.Length);
        data.Fill(1);
        return FeetechPacketWriter.SyncWrite(destination, Sts3215ControlTable.TorqueEnable.Address, 1, ids, data);
    }

    /// <inheritdoc />
    public override int WriteGoals(Span<byte> destination, ReadOnlySpan<byte> ids, ReadOnlySpan<int> goalTicks)
    {
        Span<byte> data = _data.AsSpan(0, 2 * ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            Codec.WriteUInt16(data[(2 * i)..], (ushort)goalTicks[i]);
        }

        return FeetechPacketWriter.SyncWrite(destination, Sts3215ControlTable.GoalPosition.Address, 2, ids, data);
    }

    /// <inheritdoc />
    public override int WriteFeedbackSyncRead(Span<byte> destination, ReadOnlySpan<byte> ids) =>
        FeetechPacketWriter.SyncRead(destination, FeedbackAddress, FeedbackLength, ids);

    /// <inheritdoc />
    public override int WriteFeedbackRead(Span<byte> destination, byte id) =>
        FeetechPacketWriter.Read(destination, id, FeedbackAddress, FeedbackLength);

    /// <inheritdoc />
    public override int WriteHardwareErrorRead(Span<byte> destination, byte id) =>
        throw new NotSupportedException("Feetech servos report hardware errors in every status packet.");

    /// <inheritdoc />
    public override Span<byte> GetReceiveSpan() => _reader.GetWriteSpan();

    /// <inheritdoc />
    public override void Advance(int count) => _reader.Advance(count);

    /// <inheritdoc />
    public override void DiscardBuffered() => _reader.DiscardBuffered();

    /// <inheritdoc />
    public override bool TryReadReply(out ServoReply reply)
    {
        reply = default;
        while (_reader.TryRead(out FeetechStatus status))
        {
            if (status.Parameters.Length != FeedbackLength
                || !Codec.TryReadUInt16(status.Parameters, 0, out ushort position)
                || !Codec.TryReadSignMagnitude(status.Parameters, 2, Sts3215Units.SpeedSignBit, out int speed))
            {
                continue;
            }

            reply.Id = status.Id;
            reply.Kind = ServoReplyKind.Feedback;
            reply.PositionRad = Sts3215Units.PositionToRadians(position);
            reply.VelocityRadPerS = Sts3215Units.SpeedToRadiansPerSecond(speed);
            reply.HardwareErrorBits = (byte)status.Error;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string DescribeHardwareError(byte bits) => ((FeetechStatusError)bits).Describe();
}
