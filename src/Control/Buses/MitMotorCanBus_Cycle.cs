using System.Diagnostics;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Control.Drivers.MitMotor.Protocol;

namespace RobotEdge.Control.Buses;

/// <summary>The bus cycle: commands out, replies in, faults updated. Runs on the I/O thread or the <see cref="PumpCycle"/> caller only.</summary>
public sealed partial class MitMotorCanBus
{
    /// <summary>Fault code of a joint whose motor stopped answering (motor fault codes are 1–255).</summary>
    private const int NoReplyFault = -1;

    /// <summary>
    /// One cycle. Allocation-free; blocking up to the reply timeout. A transport failure counts as a
    /// cycle without replies (the joints fault after the usual number of cycles) and is recorded in
    /// <see cref="LastTransportError"/>.
    /// </summary>
    private void RunCycle()
    {
        if (Volatile.Read(ref _energized) == 0)
        {
            DrainBeforeEnergize();
            return;
        }

        int replied = 0;
        try
        {
            TakeLateReplies();
            bool hasCommand = _commands.TryPeekLatest(out JointCommand command);
            for (int i = 0; i < _joints.Length; i++)
            {
                SendCommand(i, hasCommand, command);
            }

            if (hasCommand)
            {
                RecordCommandsOnWire(command);
            }

            replied = CollectReplies();
            if (_lastTransportError is not null)
            {
                Volatile.Write(ref _lastTransportError, null);
                BusLog.LinkRecovered(_logger, _name);
            }
        }
        catch (IOException ex)
        {
            Volatile.Write(ref _transportErrorCount, _transportErrorCount + 1);
            if (!string.Equals(ex.Message, _lastTransportError, StringComparison.Ordinal))
            {
                BusLog.LinkFailed(_logger, _name, ex.Message);
            }

            Volatile.Write(ref _lastTransportError, ex.Message);
        }

        UpdateFaults(replied);
        if (replied != 0)
        {
            _measured.TimestampNs = _clock.NowNs;
            _states.Publish(_measured);
        }

        Volatile.Write(ref _cycleCount, _cycleCount + 1);
    }

    /// <summary>Sends joint <paramref name="joint"/>'s motor its command, preceded by enter-motor-mode when due.</summary>
    private void SendCommand(int joint, bool hasCommand, in JointCommand command)
    {
        MitMotorJointConfig config = _joints[joint];
        if (_needsEnter[joint])
        {
            _transport.TrySend(MitMotorCodec.CreateSpecialFrame(config.CanId, MitMotorSpecialCommand.EnterMotorMode));
        }

        MitMotorCommand motorCommand = new(0f, 0f, 0f, config.Kd, 0f);
        if (hasCommand && joint < command.JointCount)
        {
            double positionRad = command.PositionsRad[joint];
            double velocityRadPerS = command.VelocitiesRadPerS[joint];
            if (double.IsFinite(positionRad) && double.IsFinite(velocityRadPerS))
            {
                motorCommand = new MitMotorCommand(
                    (float)((config.Direction * positionRad) + config.OffsetRad),
                    (float)(config.Direction * velocityRadPerS),
                    config.Kp,
                    config.Kd,
                    0f);
            }
        }

        if (MitMotorCodec.TryCreateCommandFrame(config.CanId, motorCommand, config.Limits, out CanFrame frame))
        {
            _transport.TrySend(frame);
        }
    }

    /// <summary>
    /// Takes replies still buffered from earlier cycles (late ones, or the second reply of a cycle that
    /// also entered motor mode) before this cycle sends anything. Their measurements are kept, but
    /// they do not count as this cycle's answers: otherwise every later cycle would read its
    /// predecessor's replies and a silent motor would be noticed one cycle late.
    /// </summary>
    private void TakeLateReplies()
    {
        int framesLeft = (4 * _joints.Length) + 16;
        while (framesLeft-- > 0 && _transport.TryReceive(out CanFrame frame, 0))
        {
            HandleReply(frame);
        }
    }

    /// <summary>
    /// Receives replies until every motor has answered or the reply timeout passes, then takes
    /// whatever else is already buffered (a second reply, to enter-motor-mode, belongs to this cycle).
    /// </summary>
    /// <returns>Bit i set when joint i's motor answered.</returns>
    private int CollectReplies()
    {
        int all = (1 << _joints.Length) - 1;
        int replied = 0;
        long deadline = Stopwatch.GetTimestamp() + (_replyTimeoutMs * Stopwatch.Frequency / 1000);

        // Bounds the loop when unrelated traffic keeps arriving after the deadline.
        int framesLeft = (4 * _joints.Length) + 16;
        while (framesLeft-- > 0)
        {
            int waitMs = 0;
            if (replied != all)
            {
                long ticksLeft = deadline - Stopwatch.GetTimestamp();
                waitMs = ticksLeft <= 0 ? 0 : (int)Math.Ceiling(ticksLeft * 1000.0 / Stopwatch.Frequency);
            }

            if (!_transport.TryReceive(out CanFrame frame, waitMs))
            {
                break;
            }

            replied |= HandleReply(frame);
        }

        return replied;
    }

    /// <summary>Decodes one received frame into <see cref="_measured"/>.</summary>
    /// <returns>The replying joint's bit, or 0 for a frame that is not a reply from one of our motors.</returns>
    private int HandleReply(in CanFrame frame)
    {
        ReadOnlySpan<byte> data = frame.Data;
        if (frame.IsError || frame.IsRemote || data.Length is not (MitMotorCodec.ShortReplyLength or MitMotorCodec.LongReplyLength))
        {
            return 0;
        }

        int joint = _jointByMotorId[data[0]];
        if (joint < 0)
        {
            return 0;
        }

        MitMotorJointConfig config = _joints[joint];
        if (!MitMotorCodec.TryDecodeReply(data, config.Limits, out MitMotorReply reply))
        {
            return 0;
        }

        _measured.PositionsRad[joint] = (reply.PositionRad - config.OffsetRad) * config.Direction;
        _measured.VelocitiesRadPerS[joint] = reply.VelocityRadPerS * config.Direction;
        int faultCode = reply.TryGetDiagnostics(out _, out MitMotorFault fault) ? (int)fault : 0;
        int previous = _faultCodes[joint];
        Volatile.Write(ref _faultCodes[joint], faultCode);
        if (faultCode != previous && (faultCode != 0 || previous != NoReplyFault))
        {
            ReportFaultCode(joint, faultCode);
        }

        return 1 << joint;
    }

    /// <summary>Logs a change of joint <paramref name="joint"/>'s motor fault code (rare: allocates).</summary>
    private void ReportFaultCode(int joint, int faultCode)
    {
        string device = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"motor 0x{_joints[joint].CanId:X2}");
        if (faultCode != 0)
        {
            BusLog.HardwareError(_logger, _name, joint, device, ((MitMotorFault)faultCode).ToMessage());
        }
        else
        {
            BusLog.HardwareErrorCleared(_logger, _name, joint, device);
        }
    }

    /// <summary>
    /// Before <see cref="Energize"/>: takes whatever arrives (nothing is asked for, so normally nothing)
    /// so that the adapter's buffer does not fill; sends nothing and judges no motor silent.
    /// </summary>
    private void DrainBeforeEnergize()
    {
        try
        {
            int framesLeft = (4 * _joints.Length) + 16;
            while (framesLeft-- > 0 && _transport.TryReceive(out _, 0))
            {
            }
        }
        catch (IOException ex)
        {
            Volatile.Write(ref _transportErrorCount, _transportErrorCount + 1);
            Volatile.Write(ref _lastTransportError, ex.Message);
        }

        Volatile.Write(ref _cycleCount, _cycleCount + 1);
    }

    /// <summary>Counts missed cycles, faults silent motors, re-arms enter-motor-mode for them, and republishes the mask.</summary>
    private void UpdateFaults(int replied)
    {
        int mask = 0;
        for (int i = 0; i < _joints.Length; i++)
        {
            if ((replied & (1 << i)) != 0)
            {
                _missedCycles[i] = 0;
                _needsEnter[i] = false;
            }
            else if (_missedCycles[i] < MitMotorBusConfig.MissedCyclesToFault && ++_missedCycles[i] == MitMotorBusConfig.MissedCyclesToFault)
            {
                Volatile.Write(ref _faultCodes[i], NoReplyFault);
                _needsEnter[i] = true;
            }

            if (_faultCodes[i] != 0)
            {
                mask |= 1 << i;
            }
        }

        Volatile.Write(ref _faultMask, mask);
    }
}
