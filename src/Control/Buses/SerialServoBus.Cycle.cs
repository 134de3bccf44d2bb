using System.Diagnostics;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports;

namespace RobotEdge.Control.Buses;

/// <summary>
/// The bus cycle: everything here runs on the cycle thread (the I/O thread, or the
/// <see cref="PumpCycle"/> caller), touches the port, and allocates nothing in steady state
/// (opening a port, an exception from a failing port and a change of hardware error bits do).
/// </summary>
public sealed partial class SerialServoBus
{
    /// <summary>Text for a Dynamixel alert whose Hardware Error Status read did not come back.</summary>
    private const string UnreadHardwareAlertText = "hardware alert (Hardware Error Status not read)";

    /// <summary>Servo ids in joint order.</summary>
    private readonly byte[] _ids;

    /// <summary>Goal position ticks sent last, joint order.</summary>
    private readonly int[] _goalTicks;

    /// <summary>Last measured servo angle per joint, radians (servo space).</summary>
    private readonly double[] _servoRad;

    /// <summary>Last measured servo velocity per joint, rad/s (servo space).</summary>
    private readonly double[] _servoVelocityRadPerS;

    /// <summary>Outgoing packet scratch.</summary>
    private readonly byte[] _packet = new byte[ServoProtocolAdapter.MaxPacketLength];

    private readonly long _cycleTimeoutTicks;

    /// <summary>The open port; null while disconnected. Written by the cycle thread only.</summary>
    private IByteStream? _port;

    /// <summary>Environment.TickCount64 of the last opening attempt.</summary>
    private long _lastOpenAttemptMs = long.MinValue / 2;

    private bool _everConnected;

    /// <summary>Torque enable must be (re)sent once energised: after opening the port, or when a servo comes back.</summary>
    private bool _torquePending = true;

    private JointCommand _command;
    private JointState _state;

    /// <summary>Bit i set once joint i's servo has answered at least once since the bus was built.</summary>
    private int _measuredMask;

    /// <summary>This cycle: bit i set when joint i's feedback arrived.</summary>
    private int _repliedMask;

    /// <summary>This cycle: bit i set when joint i's reply carried the Dynamixel alert bit.</summary>
    private int _alertMask;

    /// <summary>This cycle: bit i set when joint i's Hardware Error Status was read.</summary>
    private int _hardwareReadMask;

    private bool RunCycle()
    {
        if (_port is null && !TryOpenPort())
        {
            return false;
        }

        try
        {
            DrainInput();

            // Nothing that moves a servo goes out before Energize: no Torque Enable, and no goal
            // either (a servo left with torque on by an earlier run would follow it). Commands wait
            // in the mailbox; the newest one is sent once energised.
            if (Volatile.Read(ref _energized) != 0)
            {
                if (_torquePending)
                {
                    Send(_adapter.WriteTorqueOn(_packet, _ids));
                    _torquePending = false;
                }

                if (_commands.TryTake(out _command))
                {
                    SendGoals();
                }
            }

            ReadFeedback();
        }
        catch (IOException e)
        {
            // Unplugged or failed: close, report every joint, and reopen on a later cycle.
            ClosePort();
            MarkAllDisconnected();
            OnPortFailed(e);
            return false;
        }

        UpdateHealth();
        _measuredMask |= _repliedMask;

        // A joint never measured has no position to report (its servo angle would read as 0 rad, a
        // joint angle of −offset): publish only once every servo has answered at least once.
        if (_repliedMask != 0 && _measuredMask == (1 << _joints.Length) - 1)
        {
            PublishState();
        }

        Volatile.Write(ref _crcErrors, _adapter.ChecksumErrorCount);
        Volatile.Write(ref _cycleCount, _cycleCount + 1);
        return true;
    }

    private bool TryOpenPort()
    {
        long nowMs = Environment.TickCount64;
        if (nowMs - _lastOpenAttemptMs < _config.ReconnectIntervalMs)
        {
            return false;
        }

        _lastOpenAttemptMs = nowMs;
        IByteStream port;
        try
        {
            port = _openPort();
        }
        catch (IOException e)
        {
            OnOpenFailed(e);
            return false;
        }

        OnPortOpened(port);
        return true;
    }

    private void ClosePort()
    {
        IByteStream? port = Interlocked.Exchange(ref _port, null);
        port?.Dispose();
    }

    /// <summary>Drops stale input (late answers of an earlier cycle) so that every answer read belongs to this cycle.</summary>
    private void DrainInput()
    {
        while (_port!.Read(_adapter.GetReceiveSpan(), 0) > 0)
        {
            _adapter.DiscardBuffered();
        }

        _adapter.DiscardBuffered();
    }

    private void Send(int length) => _port!.Write(_packet.AsSpan(0, length));

    private void SendGoals()
    {
        for (int i = 0; i < _joints.Length; i++)
        {
            if (!TryGetGoalTicks(_command, i, out _goalTicks[i]))
            {
                _goalTicks[i] = _adapter.ToGoalTicks(_servoRad[i]);
            }
        }

        Send(_adapter.WriteGoals(_packet, _ids, _goalTicks));
        RecordGoalsOnWire();
    }

    private void ReadFeedback()
    {
        _repliedMask = 0;
        _alertMask = 0;
        _hardwareReadMask = 0;
        int allJoints = (1 << _joints.Length) - 1;

        long crcBefore = _adapter.ChecksumErrorCount;
        Send(_adapter.WriteFeedbackSyncRead(_packet, _ids));
        ReceiveUntil(allJoints, feedback: true);

        // Nobody answered: most likely the Sync Read itself was corrupted on the way (servos drop a
        // packet with a bad CRC/checksum silently, so the bus sees no error, only silence). Ask again
        // once, unless every servo is already known to be gone (then silence is the expected answer).
        if (_repliedMask == 0 && _faultedJointMask != allJoints)
        {
            Send(_adapter.WriteFeedbackSyncRead(_packet, _ids));
            ReceiveUntil(allJoints, feedback: true);
        }

        // One retry within the cycle, unicast, for the servos whose answer was lost to a bad CRC.
        int missing = allJoints & ~_repliedMask;
        if (missing != 0 && _adapter.ChecksumErrorCount > crcBefore)
        {
            for (int i = 0; i < _joints.Length; i++)
            {
                if ((missing & (1 << i)) != 0)
                {
                    Send(_adapter.WriteFeedbackRead(_packet, _ids[i]));
                    ReceiveUntil(1 << i, feedback: true);
                }
            }
        }

        if (_adapter.ReadsHardwareErrorRegister && _alertMask != 0)
        {
            for (int i = 0; i < _joints.Length; i++)
            {
                if ((_alertMask & (1 << i)) != 0)
                {
                    Send(_adapter.WriteHardwareErrorRead(_packet, _ids[i]));
                    ReceiveUntil(1 << i, feedback: false);
                }
            }
        }
    }

    /// <summary>Reads answers until the joints in <paramref name="wanted"/> have answered or the cycle timeout has passed.</summary>
    private void ReceiveUntil(int wanted, bool feedback)
    {
        long deadline = Stopwatch.GetTimestamp() + _cycleTimeoutTicks;
        while (true)
        {
            while (_adapter.TryReadReply(out ServoReply reply))
            {
                Accept(in reply);
            }

            int done = feedback ? _repliedMask : _hardwareReadMask;
            if ((done & wanted) == wanted)
            {
                return;
            }

            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            int waitMs = (int)Math.Max(1, (remaining * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
            int received = _port!.Read(_adapter.GetReceiveSpan(), waitMs);
            if (received > 0)
            {
                _adapter.Advance(received);
            }
        }
    }

    private void Accept(in ServoReply reply)
    {
        int joint = Array.IndexOf(_ids, reply.Id);
        if (joint < 0)
        {
            return;
        }

        int bit = 1 << joint;
        if (reply.Kind == ServoReplyKind.HardwareErrorRegister)
        {
            _hardwareReadMask |= bit;
            SetHardwareBits(joint, reply.HardwareErrorBits);
            return;
        }

        _repliedMask |= bit;
        _servoRad[joint] = reply.PositionRad;
        _servoVelocityRadPerS[joint] = reply.VelocityRadPerS;
        if (reply.HardwareAlert)
        {
            _alertMask |= bit;
        }
        else
        {
            // Dynamixel without alert: no hardware error. Feetech: the bits are in every reply.
            SetHardwareBits(joint, reply.HardwareErrorBits);
        }
    }

    private void SetHardwareBits(int joint, byte bits)
    {
        if (_hardwareBits[joint] == bits && _hardwareText[joint].Length != 0 == (bits != 0))
        {
            return;
        }

        string previous = _hardwareText[joint];
        string text = bits == 0 ? string.Empty : _adapter.DescribeHardwareError(bits);
        _hardwareBits[joint] = bits;
        Volatile.Write(ref _hardwareText[joint], text);
        if (!string.Equals(previous, text, StringComparison.Ordinal))
        {
            OnHardwareTextChanged(joint, previous, text);
        }
    }

    private void UpdateHealth()
    {
        int faulted = 0;
        for (int i = 0; i < _joints.Length; i++)
        {
            int bit = 1 << i;
            JointFaultFlags flags = JointFaultFlags.None;
            if ((_repliedMask & bit) != 0)
            {
                if (_missedReplies[i] >= _config.MissedRepliesForFault)
                {
                    // Back after a NoReply fault: it may have been power-cycled, with torque off.
                    _torquePending = true;
                }

                Volatile.Write(ref _missedReplies[i], 0);
            }
            else
            {
                Volatile.Write(ref _missedReplies[i], _missedReplies[i] == int.MaxValue ? int.MaxValue : _missedReplies[i] + 1);
                Volatile.Write(ref _missedReplyCount, _missedReplyCount + 1);
                flags |= JointFaultFlags.StaleFeedback;
                if (_missedReplies[i] >= _config.MissedRepliesForFault)
                {
                    flags |= JointFaultFlags.NoReply;
                }
            }

            bool alertUnread = (_alertMask & bit) != 0 && (_hardwareReadMask & bit) == 0;
            if (alertUnread && _hardwareBits[i] == 0)
            {
                Volatile.Write(ref _hardwareText[i], UnreadHardwareAlertText);
            }

            if (_hardwareBits[i] != 0 || alertUnread)
            {
                flags |= JointFaultFlags.HardwareError;
            }

            // Release: counter, bits and text above are visible to a reader that sees these flags.
            Volatile.Write(ref _faultFlags[i], (int)flags);
            if ((flags & JointFaultFlags.FaultMask) != 0)
            {
                faulted |= bit;
            }
        }

        Volatile.Write(ref _faultedJointMask, faulted);
    }

    private void MarkAllDisconnected()
    {
        for (int i = 0; i < _joints.Length; i++)
        {
            Volatile.Write(ref _missedReplies[i], Math.Max(_missedReplies[i], _config.MissedRepliesForFault));
            int flags = Volatile.Read(ref _faultFlags[i]) | (int)(JointFaultFlags.StaleFeedback | JointFaultFlags.NoReply);
            Volatile.Write(ref _faultFlags[i], flags);
        }

        Volatile.Write(ref _faultedJointMask, (1 << _joints.Length) - 1);
    }

    private void PublishState()
    {
        for (int i = 0; i < _joints.Length; i++)
        {
            ServoJoint joint = _joints[i];
            _state.PositionsRad[i] = joint.ToJointRad(_servoRad[i]);
            _state.VelocitiesRadPerS[i] = joint.Direction * _servoVelocityRadPerS[i];
        }

        _state.TimestampNs = _clock.NowNs;
        _states.Publish(_state);
    }
}
