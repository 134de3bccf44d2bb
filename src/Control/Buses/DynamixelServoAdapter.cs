using System.Buffers.Binary;
using RobotEdge.Control.Drivers.Dynamixel;
using RobotEdge.Control.Drivers.Dynamixel.Registers;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Dynamixel X series over Protocol 2.0: goals go to Goal Position (116, 4 bytes); feedback is one
/// 8-byte read from Present Velocity (128) through Present Position (132); an alert bit in a status
/// packet is followed by a read of Hardware Error Status (70). Bus I/O thread only; allocation-free.
/// </summary>
internal sealed class DynamixelServoAdapter : ServoProtocolAdapter
{
    /// <summary>First address of the feedback read: Present Velocity, directly followed by Present Position.</summary>
    private static readonly ushort FeedbackAddress = XSeriesControlTable.PresentVelocity.Address;

    /// <summary>Bytes of the feedback read: 4 of velocity, 4 of position.</summary>
    private const int FeedbackLength = 8;

    private const int MaxPositionTicks = XSeriesUnits.PositionTicksPerRevolution - 1;

    private readonly DynamixelStatusReader _reader = new();

    /// <summary>Scratch for per-servo register data of a Sync Write; 4 bytes per servo.</summary>
    private readonly byte[] _data = new byte[4 * Bus.Messages.JointVector.Capacity];

    /// <inheritdoc />
    public override bool ReadsHardwareErrorRegister => true;

    /// <inheritdoc />
    public override long ChecksumErrorCount => _reader.CrcErrorCount;

    /// <inheritdoc />
    public override int ToGoalTicks(double servoRad) =>
        Math.Clamp(XSeriesUnits.RadiansToPosition(servoRad), 0, MaxPositionTicks);

    /// <inheritdoc />
    public override int WriteTorqueOn(Span<byte> destination, ReadOnlySpan<byte> ids)
    {
        Span<byte> data = _data.AsSpan(0, ids.Length);
        data.Fill(1);
        return DynamixelPacketWriter.SyncWrite(destination, XSeriesControlTable.TorqueEnable.Address, 1, ids, data);
    }

    /// <inheritdoc />
    public override int WriteGoals(Span<byte> destination, ReadOnlySpan<byte> ids, ReadOnlySpan<int> goalTicks)
    {
        Span<byte> data = _data.AsSpan(0, 4 * ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data[(4 * i)..], goalTicks[i]);
        }

        return DynamixelPacketWriter.SyncWrite(destination, XSeriesControlTable.GoalPosition.Address, 4, ids, data);
    }

    /// <inheritdoc />
    public override int WriteFeedbackSyncRead(Span<byte> destination, ReadOnlySpan<byte> ids) =>
        DynamixelPacketWriter.SyncRead(destination, FeedbackAddress, FeedbackLength, ids);

    /// <inheritdoc />
    public override int WriteFeedbackRead(Span<byte> destination, byte id) =>
        DynamixelPacketWriter.Read(destination, id, FeedbackAddress, FeedbackLength);

    /// <inheritdoc />
    public override int WriteHardwareErrorRead(Span<byte> destination, byte id) =>
        DynamixelPacketWriter.Read(destination, id, XSeriesControlTable.HardwareErrorStatus.Address, 1);

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
        while (_reader.TryRead(out DynamixelStatus status))
        {
            reply.Id = status.Id;
            reply.HardwareAlert = status.Error.HardwareAlert;
            if (status.Parameters.Length == FeedbackLength
                && status.TryGetInt32(0, out int velocity)
                && status.TryGetInt32(4, out int position))
            {
                reply.Kind = ServoReplyKind.Feedback;
                reply.VelocityRadPerS = XSeriesUnits.VelocityToRadiansPerSecond(velocity);
                reply.PositionRad = XSeriesUnits.PositionToRadians(position);
                return true;
            }

            if (status.Parameters.Length == 1)
            {
                reply.Kind = ServoReplyKind.HardwareErrorRegister;
                reply.HardwareErrorBits = status.Parameters[0];
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string DescribeHardwareError(byte bits) => ((HardwareErrorStatus)bits).Describe();
}
