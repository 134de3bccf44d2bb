using RobotEdge.Bus.Transports.Can;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.Control.Drivers.MitMotor.Protocol;

namespace RobotEdge.Sim.Devices;

/// <summary>
/// One simulated MIT-mode motor behind a <see cref="VirtualSlcanAdapter"/>: it answers the protocol
/// as the mini-cheetah firmware does and runs the motor's own impedance loop on a rotor.
/// </summary>
/// <remarks>
/// <para>Dynamics (output shaft): in motor mode the motor applies
/// <c>τ = kp·(p_set − θ) + kd·(v_set − ω) + τ_ff</c>, clamped to the torque range of
/// <see cref="Limits"/>, to an inertia <see cref="RotorInertiaKgM2"/> with viscous damping
/// <see cref="DampingNmsPerRad"/>: <c>J·dω/dt = τ − b·ω</c>. Out of motor mode τ = 0 and the shaft
/// coasts. Integrated with semi-implicit Euler on a fixed 100 µs grid of the adapter's clock, so a
/// lockstep run gives the same trajectory however often the adapter wakes.</para>
/// <para>Protocol: every frame on <see cref="CanId"/> is answered while present — enter/exit motor
/// mode and set-zero with the status after the change, commands with the status after applying
/// them (commands change nothing out of motor mode, as in the firmware). Replies go out on CAN id
/// <see cref="ReplyCanId"/> with the motor id in data byte 0: 6 bytes, or 8 with temperature and
/// fault code when <see cref="LongReplies"/>.</para>
/// <para><see cref="IsPresent"/> false models an unplugged motor (power and CAN): it answers
/// nothing and drops out of motor mode. Threading: <see cref="IsPresent"/> and the counters are safe
/// from any thread; everything else belongs to the adapter's thread.</para>
/// </remarks>
public sealed class VirtualMitMotor
{
    /// <summary>CAN id of the replies (the host id of the mini-cheetah firmware).</summary>
    public const uint ReplyCanId = 0;

    /// <summary>Integration step, nanoseconds.</summary>
    private const long StepNs = 100_000;

    private MitMotorCommand _command;
    private bool _inMotorMode;
    private double _positionRad;
    private double _velocityRadPerS;
    private double _torqueNm;
    private double _zeroRad;
    private long _timeNs = -1;
    private volatile bool _present = true;
    private long _enterCount;
    private long _exitCount;
    private long _zeroCount;
    private long _commandCount;

    /// <summary>Creates a motor at rest, out of motor mode.</summary>
    /// <param name="canId">Its CAN id, 1–0xFF.</param>
    /// <param name="limits">The firmware's ranges (must equal the host's).</param>
    /// <param name="initialPositionRad">Shaft angle at start, radians.</param>
    /// <param name="longReplies">True: 8-byte CubeMars replies; false: 6-byte mini-cheetah replies.</param>
    /// <param name="rotorInertiaKgM2">Inertia at the output, kg·m², &gt; 0. Default 0.005.</param>
    /// <param name="dampingNmsPerRad">Viscous friction, N·m·s/rad, ≥ 0. Default 0.02.</param>
    public VirtualMitMotor(uint canId, MitMotorLimits limits, double initialPositionRad = 0, bool longReplies = false,
        double rotorInertiaKgM2 = 0.005, double dampingNmsPerRad = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfZero(canId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(canId, 0xFFu);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rotorInertiaKgM2);
        ArgumentOutOfRangeException.ThrowIfNegative(dampingNmsPerRad);
        CanId = canId;
        Limits = limits;
        LongReplies = longReplies;
        RotorInertiaKgM2 = rotorInertiaKgM2;
        DampingNmsPerRad = dampingNmsPerRad;
        _positionRad = initialPositionRad;
    }

    /// <summary>The motor's CAN id.</summary>
    public uint CanId { get; }

    /// <summary>The firmware's ranges.</summary>
    public MitMotorLimits Limits { get; }

    /// <summary>Whether replies carry temperature and fault (8 bytes).</summary>
    public bool LongReplies { get; }

    /// <summary>Output-side inertia, kg·m².</summary>
    public double RotorInertiaKgM2 { get; }

    /// <summary>Viscous damping, N·m·s/rad.</summary>
    public double DampingNmsPerRad { get; }

    /// <summary>False while unplugged (see remarks). Any thread.</summary>
    public bool IsPresent
    {
        get => _present;
        set => _present = value;
    }

    /// <summary>Enter-motor-mode frames received while present. Any thread.</summary>
    public long EnterCount => Volatile.Read(ref _enterCount);

    /// <summary>Exit-motor-mode frames received while present. Any thread.</summary>
    public long ExitCount => Volatile.Read(ref _exitCount);

    /// <summary>Set-zero frames received while present. Any thread.</summary>
    public long ZeroCount => Volatile.Read(ref _zeroCount);

    /// <summary>Command frames received while present. Any thread.</summary>
    public long CommandCount => Volatile.Read(ref _commandCount);

    /// <summary>Adapter thread. Whether the motor is driving its phases.</summary>
    internal bool InMotorMode => _inMotorMode;

    /// <summary>Adapter thread. Shaft angle as the motor reports it (relative to its zero), radians.</summary>
    internal double PositionRad => _positionRad - _zeroRad;

    /// <summary>Adapter thread. Shaft velocity, rad/s.</summary>
    internal double VelocityRadPerS => _velocityRadPerS;

    /// <summary>Adapter thread. Integrates the dynamics up to the last grid step at or before <paramref name="nowNs"/>.</summary>
    internal void AdvanceTo(long nowNs)
    {
        if (_timeNs < 0)
        {
            _timeNs = nowNs - (nowNs % StepNs);
        }

        if (!_present)
        {
            _inMotorMode = false;
        }

        const double dt = StepNs * 1e-9;
        while (_timeNs + StepNs <= nowNs)
        {
            double torque = 0;
            if (_inMotorMode)
            {
                torque = (_command.Kp * (_command.PositionRad - PositionRad)) + (_command.Kd * (_command.VelocityRadPerS - _velocityRadPerS)) + _command.TorqueNm;
                torque = Math.Clamp(torque, Limits.TorqueMinNm, Limits.TorqueMaxNm);
            }

            _torqueNm = torque;
            _velocityRadPerS += (torque - (DampingNmsPerRad * _velocityRadPerS)) / RotorInertiaKgM2 * dt;
            _positionRad += _velocityRadPerS * dt;
            _timeNs += StepNs;
        }
    }

    /// <summary>
    /// Adapter thread. Handles a frame addressed to this motor (its CAN id, standard, data) at
    /// <paramref name="nowNs"/> and builds the reply.
    /// </summary>
    /// <returns>True with a reply to send; false when absent or the frame is not for this motor's protocol.</returns>
    internal bool TryHandle(in CanFrame frame, long nowNs, out CanFrame reply)
    {
        reply = default;
        AdvanceTo(nowNs);
        if (!_present || frame.IsRemote || frame.IsExtended || frame.Id != CanId)
        {
            return false;
        }

        ReadOnlySpan<byte> data = frame.Data;
        if (MitMotorCodec.TryGetSpecialCommand(data, out MitMotorSpecialCommand special))
        {
            switch (special)
            {
                case MitMotorSpecialCommand.EnterMotorMode:
                    _inMotorMode = true;
                    _command = new MitMotorCommand((float)PositionRad, 0f, 0f, 0f, 0f);
                    Interlocked.Increment(ref _enterCount);
                    break;
                case MitMotorSpecialCommand.ExitMotorMode:
                    _inMotorMode = false;
                    Interlocked.Increment(ref _exitCount);
                    break;
                default:
                    _zeroRad = _positionRad;
                    Interlocked.Increment(ref _zeroCount);
                    break;
            }
        }
        else if (MitMotorCodec.TryDecodeCommand(data, Limits, out MitMotorCommand command))
        {
            Interlocked.Increment(ref _commandCount);
            if (_inMotorMode)
            {
                _command = command;
            }
        }
        else
        {
            return false;
        }

        MitMotorReply status = LongReplies
            ? new MitMotorReply((byte)CanId, (float)PositionRad, (float)_velocityRadPerS, (float)_torqueNm, 30, MitMotorFault.None)
            : new MitMotorReply((byte)CanId, (float)PositionRad, (float)_velocityRadPerS, (float)_torqueNm);
        Span<byte> bytes = stackalloc byte[MitMotorCodec.LongReplyLength];
        int length = MitMotorCodec.EncodeReply(status, Limits, bytes);
        reply = new CanFrame(ReplyCanId, bytes[..length]);
        return true;
    }
}
