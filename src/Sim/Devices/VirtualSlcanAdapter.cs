using RobotEdge.Bus.Clocks;
using RobotEdge.Control.Buses;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Sim.Devices;

/// <summary>
/// A USB-CAN adapter speaking Lawicel SLCAN on a pseudo-terminal, with <see cref="VirtualMitMotor"/>s
/// on its CAN bus: open <see cref="DevicePath"/> with <see cref="LinuxSerialPort.Open"/> and
/// <see cref="SlcanTransport.Open"/> exactly as for a CANable or CANUSB.
/// </summary>
/// <remarks>
/// <para>Commands understood: CR (OK), <c>C</c> close, <c>Sn</c> bitrate (closed channel only),
/// <c>O</c> open, <c>L</c> listen-only, <c>Z0</c>/<c>Z1</c> timestamps, <c>V</c>, <c>N</c>, <c>F</c>;
/// <c>t</c>/<c>T</c>/<c>r</c>/<c>R</c> transmit on an open, not listen-only channel, acknowledged as
/// <see cref="AckStyle"/> says. Anything else, or a command in the wrong state, is answered with BELL.
/// Received frames (the motors' replies) carry a millisecond timestamp after <c>Z1</c>.</para>
/// <para>Faults: <see cref="SetPresent"/> unplugs a motor; <see cref="DropReplyProbability"/> loses
/// replies at random from a seeded generator (same seed and same frames, same drops).</para>
/// <para>Threading: the adapter runs on its own thread after <see cref="Start"/>; it wakes at least
/// every millisecond to advance the motors to the clock's time and publish <see cref="TrueState"/>.
/// Ownership: the adapter owns its pseudo-terminal; <see cref="Dispose"/> stops the thread and closes
/// it, which a client sees as an unplugged adapter.</para>
/// </remarks>
public sealed class VirtualSlcanAdapter : IDisposable
{
    private const int MaxLineLength = 64;

    private readonly PseudoTerminal _terminal;
    private readonly IClock _clock;
    private readonly VirtualMitMotor[] _motors;
    private readonly Random _random;
    private readonly byte[] _rx = new byte[512];
    private readonly byte[] _line = new byte[MaxLineLength];
    private readonly byte[] _tx = new byte[SlcanCodec.MaxFrameLineLength];
    private int _lineLength;
    private bool _lineOverflowed;
    private bool _open;
    private bool _listenOnly;
    private bool _timestamps;
    private double _dropReplyProbability;
    private JointState _trueState;
    private JointState _trueJointState;
    private long _framesReceived;
    private long _repliesSent;
    private long _repliesDropped;
    private Thread? _thread;
    private volatile bool _stopRequested;
    private int _disposed;

    /// <summary>Creates the adapter and its pseudo-terminal; the channel starts closed. Call <see cref="Start"/> next.</summary>
    /// <param name="clock">Time for the motors' dynamics and the frame timestamps.</param>
    /// <param name="motors">The motors on the bus, distinct CAN ids; <see cref="TrueState"/> lists them in this order.</param>
    /// <param name="ackStyle">How transmits are acknowledged.</param>
    /// <param name="seed">Seed of the reply-dropping generator.</param>
    public VirtualSlcanAdapter(IClock clock, IReadOnlyList<VirtualMitMotor> motors, VirtualSlcanAckStyle ackStyle = VirtualSlcanAckStyle.Lawicel, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(motors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(motors.Count, JointVector.Capacity, nameof(motors));
        _clock = clock;
        _motors = [.. motors];
        AckStyle = ackStyle;
        _random = new Random(seed);
        _trueState.JointCount = _motors.Length;
        _trueJointState.JointCount = _motors.Length;
        _terminal = PseudoTerminal.Open();
    }

    /// <summary>The device path a client opens, e.g. <c>/dev/pts/4</c>.</summary>
    public string DevicePath => _terminal.DevicePath;

    /// <summary>How transmits are acknowledged.</summary>
    public VirtualSlcanAckStyle AckStyle { get; }

    /// <summary>The motors' true state (reported frame, i.e. relative to each motor's zero), in the constructor's order. Written by the adapter thread; one reader.</summary>
    public LatestMailbox<JointState> TrueState { get; } = new();

    /// <summary>
    /// The joint ↔ motor mapping of every motor in constructor order, exactly as the bus configuration
    /// states it, or null. When set (before <see cref="Start"/>), <see cref="TrueJointState"/> is
    /// published along with <see cref="TrueState"/>.
    /// </summary>
    public IReadOnlyList<MitMotorJointConfig>? Joints { get; init; }

    /// <summary>
    /// True joint angles and velocities: <see cref="TrueState"/> mapped through <see cref="Joints"/>
    /// (<c>joint = Direction × (motor − Offset)</c>); never published without a mapping. One reader.
    /// </summary>
    public LatestMailbox<JointState> TrueJointState { get; } = new();

    /// <summary>
    /// Probability, 0–1, that a motor's reply is lost on the way back. Any thread; takes effect on
    /// the next frame.
    /// </summary>
    public double DropReplyProbability
    {
        get => Volatile.Read(ref _dropReplyProbability);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            Volatile.Write(ref _dropReplyProbability, value);
        }
    }

    /// <summary>Frames the host asked the adapter to transmit. Any thread.</summary>
    public long FramesReceived => Volatile.Read(ref _framesReceived);

    /// <summary>Motor replies sent to the host. Any thread.</summary>
    public long RepliesSent => Volatile.Read(ref _repliesSent);

    /// <summary>Motor replies lost by <see cref="DropReplyProbability"/>. Any thread.</summary>
    public long RepliesDropped => Volatile.Read(ref _repliesDropped);

    /// <summary>Plugs (true) or unplugs (false) the motor with CAN id <paramref name="canId"/>. Any thread.</summary>
    /// <exception cref="ArgumentException">No such motor.</exception>
    public void SetPresent(uint canId, bool present)
    {
        foreach (VirtualMitMotor motor in _motors)
        {
            if (motor.CanId == canId)
            {
                motor.IsPresent = present;
                return;
            }
        }

        throw new ArgumentException($"No virtual motor with CAN id 0x{canId:X2}.", nameof(canId));
    }

    /// <summary>Starts the adapter's thread. Call once.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The virtual adapter is already running.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "virtual-slcan" };
        _thread.Start();
    }

    /// <summary>Stops the thread and closes the pseudo-terminal. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopRequested = true;
        _thread?.Join();
        _terminal.Dispose();
    }

    private void Run()
    {
        while (!_stopRequested)
        {
            int count;
            try
            {
                count = _terminal.Read(_rx, 1);
            }
            catch (IOException)
            {
                // The client closed the device side for a moment (reopening); keep serving.
                count = 0;
            }

            for (int i = 0; i < count; i++)
            {
                Accept(_rx[i]);
            }

            AdvanceMotors();
        }
    }

    private void AdvanceMotors()
    {
        long nowNs = _clock.NowNs;
        for (int i = 0; i < _motors.Length; i++)
        {
            _motors[i].AdvanceTo(nowNs);
            _trueState.PositionsRad[i] = _motors[i].PositionRad;
            _trueState.VelocitiesRadPerS[i] = _motors[i].VelocityRadPerS;
        }

        _trueState.TimestampNs = nowNs;
        TrueState.Publish(_trueState);
        if (Joints is not { } joints)
        {
            return;
        }

        for (int i = 0; i < _motors.Length; i++)
        {
            _trueJointState.PositionsRad[i] = joints[i].Direction * (_trueState.PositionsRad[i] - joints[i].OffsetRad);
            _trueJointState.VelocitiesRadPerS[i] = joints[i].Direction * _trueState.VelocitiesRadPerS[i];
        }

        _trueJointState.TimestampNs = nowNs;
        TrueJointState.Publish(_trueJointState);
    }

    private void Accept(byte value)
    {
        if (value == SlcanCodec.CarriageReturn)
        {
            bool overflowed = _lineOverflowed;
            int length = _lineLength;
            _lineLength = 0;
            _lineOverflowed = false;
            if (overflowed)
            {
                Reply([SlcanCodec.Bell]);
            }
            else
            {
                HandleLine(_line.AsSpan(0, length));
            }
        }
        else if (value != (byte)'\n')
        {
            if (_lineLength < MaxLineLength)
            {
                _line[_lineLength++] = value;
            }
            else
            {
                _lineOverflowed = true;
            }
        }
    }

    private void HandleLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            Reply([SlcanCodec.CarriageReturn]);
            return;
        }

        bool ok;
        switch ((char)line[0])
        {
            case 'C' when line.Length == 1:
                _open = false;
                _listenOnly = false;
                ok = true;
                break;
            case 'S' when line.Length == 2:
                ok = !_open && line[1] is >= (byte)'0' and <= (byte)'8';
                break;
            case 'O' or 'L' when line.Length == 1:
                ok = !_open;
                _listenOnly = line[0] == (byte)'L';
                _open = true;
                break;
            case 'Z' when line.Length == 2 && line[1] is (byte)'0' or (byte)'1':
                _timestamps = line[1] == (byte)'1';
                ok = true;
                break;
            case 'V' when line.Length == 1:
                Reply("V1013\r"u8);
                return;
            case 'N' when line.Length == 1:
                Reply("NSIM1\r"u8);
                return;
            case 'F' when line.Length == 1:
                Reply("F00\r"u8);
                return;
            case 't' or 'T' or 'r' or 'R':
                Transmit(line);
                return;
            default:
                ok = false;
                break;
        }

        Reply(ok ? [SlcanCodec.CarriageReturn] : [SlcanCodec.Bell]);
    }

    private void Transmit(ReadOnlySpan<byte> line)
    {
        if (!_open || _listenOnly || !SlcanCodec.TryDecodeFrame(line, out CanFrame frame))
        {
            Reply([SlcanCodec.Bell]);
            return;
        }

        Interlocked.Increment(ref _framesReceived);
        if (AckStyle == VirtualSlcanAckStyle.Lawicel)
        {
            Reply(frame.IsExtended ? "Z\r"u8 : "z\r"u8);
        }
        else
        {
            Reply([SlcanCodec.CarriageReturn]);
        }

        long nowNs = _clock.NowNs;
        foreach (VirtualMitMotor motor in _motors)
        {
            if (motor.TryHandle(frame, nowNs, out CanFrame answer))
            {
                if (_random.NextDouble() < DropReplyProbability)
                {
                    Interlocked.Increment(ref _repliesDropped);
                    continue;
                }

                int length = _timestamps
                    ? SlcanCodec.EncodeFrame(answer, (ushort)(nowNs / 1_000_000 % SlcanCodec.TimestampWrapMs), _tx)
                    : SlcanCodec.EncodeFrame(answer, _tx);
                Reply(_tx.AsSpan(0, length));
                Interlocked.Increment(ref _repliesSent);
            }
        }
    }

    private void Reply(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _terminal.Write(bytes);
        }
        catch (IOException)
        {
            // No client on the device side right now: the bytes are lost, as on a real unplugged cable.
        }
    }
}
