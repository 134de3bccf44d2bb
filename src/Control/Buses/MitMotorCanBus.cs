using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.Control.Drivers.MitMotor.Protocol;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Joints driven by MIT-mode motors (mini-cheetah, CubeMars AK) on one CAN bus, SocketCAN or an
/// SLCAN adapter. Each bus cycle sends one impedance command per motor (position = the commanded
/// joint position, velocity = the commanded joint velocity as feed-forward, kp/kd from
/// <see cref="MitMotorJointConfig"/>, torque 0) and collects the replies (position, velocity,
/// torque). The control thread never touches the transport: <see cref="Write"/> and
/// <see cref="TryRead"/> only exchange values with the cycle through lock-free mailboxes.
/// </summary>
/// <remarks>
/// <para>Two ways to run the cycles. <see cref="Start"/> runs them on the bus's own I/O thread every
/// <see cref="MitMotorBusConfig.CyclePeriodUs"/>; or, without <see cref="Start"/>, the caller runs
/// one cycle synchronously with <see cref="PumpCycle"/> (lockstep simulation, tests). The first
/// cycle sends enter-motor-mode to every motor before its command.</para>
/// <para>Faults, per joint: a motor that has not answered in
/// <see cref="MitMotorBusConfig.MissedCyclesToFault"/> consecutive cycles, or whose 8-byte reply
/// carries a fault code, puts its joint in <see cref="FaultedJointMask"/>; the bus keeps commanding
/// the others. While a joint is faulted for silence, each cycle also re-sends enter-motor-mode to its
/// motor (a motor that lost power comes back out of motor mode); its first reply clears the fault.
/// A faulted joint keeps its last measured position in the published state. The bus reports; the
/// safety layer decides whether the robot stops.</para>
/// <para>Before the first <see cref="Write"/>, and for a joint whose command is not finite, the motor
/// is sent a damping-only command (kp = 0, velocity 0): it answers, it does not pull anywhere.</para>
/// <para>Ownership: the transport is disposed with the bus unless <c>leaveOpen</c> was set.
/// <see cref="Dispose"/> stops the I/O thread, then sends exit-motor-mode to every motor.</para>
/// </remarks>
public sealed partial class MitMotorCanBus : IActuatorBus
{
    private readonly ICanTransport _transport;
    private readonly bool _leaveOpen;
    private readonly IClock _clock;
    private readonly int _cyclePeriodUs;
    private readonly int _replyTimeoutMs;

    /// <summary>Per joint, immutable: CAN id, ranges, gains, mapping.</summary>
    private readonly MitMotorJointConfig[] _joints;

    /// <summary>Data byte 0 of a reply (the motor id) → joint index, or −1 for a motor not on this bus.</summary>
    private readonly sbyte[] _jointByMotorId = new sbyte[256];

    /// <summary>Commands, control thread → cycle. Reader: the cycle (I/O thread, or the <see cref="PumpCycle"/> caller).</summary>
    private readonly LatestMailbox<JointCommand> _commands = new();

    /// <summary>Measured states, cycle → control thread.</summary>
    private readonly LatestMailbox<JointState> _states = new();

    /// <summary>Per joint, written by the cycle only: 0 healthy, <see cref="NoReplyFault"/>, or a <see cref="MitMotorFault"/> code the motor reported.</summary>
    private readonly int[] _faultCodes;

    /// <summary>Cycle only. Consecutive cycles without a reply, per joint (saturates at the fault threshold).</summary>
    private readonly int[] _missedCycles;

    /// <summary>Cycle only. Whether the joint's motor is sent enter-motor-mode before its next command.</summary>
    private readonly bool[] _needsEnter;

    /// <summary>Cycle only. The state published each cycle; joints without a reply keep their last values.</summary>
    private JointState _measured;

    /// <summary>Bit i set while joint i is faulted. Written by the cycle only (volatile), read by any thread.</summary>
    private int _faultMask;

    private long _cycleCount;
    private long _transportErrorCount;
    private string? _lastTransportError;

    private Thread? _thread;
    private volatile bool _stopRequested;
    private int _disposed;

    /// <summary>0 until <see cref="Energize"/>, then 1. Written by any thread, read by the cycle: until it is 1 no frame is sent.</summary>
    private int _energized;

    /// <summary>Written once by the I/O thread's fault barrier, read by any thread.</summary>
    private Exception? _ioFailure;

    /// <summary>Where link failures and motor fault codes are reported, on change only.</summary>
    private readonly ILogger _logger;

    /// <summary>The bus as log lines name it.</summary>
    private readonly string _name;

    /// <summary>
    /// Creates the bus. Sends nothing yet: the first cycle (<see cref="Start"/> or
    /// <see cref="PumpCycle"/>) enters motor mode. Not real-time safe (allocates).
    /// </summary>
    /// <param name="transport">The CAN bus the motors are on, already open.</param>
    /// <param name="config">Joints and timing; read now, not kept.</param>
    /// <param name="clock">Stamps the measured states (the loop's clock).</param>
    /// <param name="leaveOpen">False: the bus disposes <paramref name="transport"/>. True: the caller keeps ownership.</param>
    /// <param name="logger">Receives link failures (once per change of reason), motor fault codes (on change) and an I/O thread failure; null logs nothing.</param>
    /// <exception cref="ArgumentException">The configuration is invalid (joint count, CAN ids, gains, direction, timing).</exception>
    public MitMotorCanBus(ICanTransport transport, MitMotorBusConfig config, IClock clock, bool leaveOpen = false, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clock);
        Validate(config);

        _transport = transport;
        _leaveOpen = leaveOpen;
        _logger = logger ?? NullLogger.Instance;
        _name = $"MIT motor bus {transport}";
        _clock = clock;
        _cyclePeriodUs = config.CyclePeriodUs;
        _replyTimeoutMs = config.ReplyTimeoutMs;
        _joints = [.. config.Joints];
        int n = _joints.Length;
        _faultCodes = new int[n];
        _missedCycles = new int[n];
        _needsEnter = new bool[n];
        Array.Fill(_jointByMotorId, (sbyte)-1);
        for (int i = 0; i < n; i++)
        {
            _jointByMotorId[_joints[i].CanId] = (sbyte)i;
            _needsEnter[i] = true;
        }

        _measured.JointCount = n;
    }

    /// <inheritdoc />
    public int JointCount => _joints.Length;

    /// <summary>
    /// Bit i is set while joint i is faulted (no reply in <see cref="MitMotorBusConfig.MissedCyclesToFault"/>
    /// consecutive cycles, or a motor fault code). Any thread; real-time safe; at most one cycle stale.
    /// </summary>
    public int FaultedJointMask => Volatile.Read(ref _faultMask);

    /// <summary>Bus cycles completed. Any thread; real-time safe.</summary>
    public long CycleCount => Volatile.Read(ref _cycleCount);

    /// <summary>Cycles in which the transport threw (link failure); their motors count as silent. Any thread.</summary>
    public long TransportErrorCount => Volatile.Read(ref _transportErrorCount);

    /// <summary>Message of the last transport failure, or null. Any thread.</summary>
    public string? LastTransportError => Volatile.Read(ref _lastTransportError);

    /// <summary>True once <see cref="Start"/> has started the I/O thread.</summary>
    public bool IsStarted => _thread is not null;

    /// <summary>Whether <see cref="Energize"/> was called. Any thread.</summary>
    public bool IsEnergized => Volatile.Read(ref _energized) != 0;

    /// <summary>
    /// The exception that ended the I/O thread (anything but an <see cref="IOException"/>, which is a
    /// link failure and is retried), or null while it runs. Any thread; a volatile read. When it is set
    /// every joint is also in <see cref="FaultedJointMask"/>.
    /// </summary>
    public Exception? IoFailure => Volatile.Read(ref _ioFailure);

    /// <summary>
    /// Lets the bus energise the motors: the next cycle sends enter-motor-mode to every motor, then
    /// its command (damping only until the first <see cref="Write"/>). Before this call no frame at
    /// all goes out. Idempotent; any thread; not real-time (logs once).
    /// </summary>
    public void Energize()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _energized, 1) == 0)
        {
            BusLog.Energized(_logger, _name, "enter-motor-mode goes out with the next cycle");
        }
    }

    /// <summary>
    /// The words for joint <paramref name="joint"/>'s fault ("not answering (motor 0x01, …)", or the
    /// motor's fault code as text), or null while it has none. Any thread; allocates, so for the
    /// console and logs, never for the loop.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="joint"/> is not a joint of this bus.</exception>
    public string? JointFaultText(int joint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(joint);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(joint, _joints.Length);
        int code = Volatile.Read(ref _faultCodes[joint]);
        if (code == 0)
        {
            return null;
        }

        if (code != NoReplyFault)
        {
            return ((MitMotorFault)code).ToMessage();
        }

        string text = string.Create(CultureInfo.InvariantCulture, $"not answering (motor 0x{_joints[joint].CanId:X2}, no reply in {MitMotorBusConfig.MissedCyclesToFault} consecutive cycles)");
        return Volatile.Read(ref _lastTransportError) is { } link ? $"{text}; last link failure: {link}" : text;
    }

    /// <summary>
    /// Copies the newest measured state, joints in the robot's order, positions and velocities at the
    /// joint (offset and direction applied). Control thread only; real-time safe: no allocation, no
    /// blocking, no transport access.
    /// </summary>
    /// <returns>False when no cycle has received a reply since the last call (<paramref name="state"/> unchanged).</returns>
    public bool TryRead(ref JointState state)
    {
        if (!_states.TryTake(out JointState measured))
        {
            return false;
        }

        state = measured;
        return true;
    }

    /// <summary>
    /// Hands the command to the next bus cycle (a newer write replaces one not yet sent). Control
    /// thread only; real-time safe: no allocation, no blocking, no transport access.
    /// </summary>
    public void Write(in JointCommand command) => _commands.Publish(command);

    /// <summary>
    /// Whether <paramref name="joint"/> is faulted, and why. Any thread; allocates the message, so it
    /// is for diagnostics and the safety layer's reports, not for every tick (use <see cref="FaultedJointMask"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="joint"/> is not a joint of this bus.</exception>
    public bool TryGetFault(int joint, out string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(joint);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(joint, _joints.Length);
        int code = Volatile.Read(ref _faultCodes[joint]);
        if (code == 0)
        {
            reason = string.Empty;
            return false;
        }

        string motor = string.Create(CultureInfo.InvariantCulture, $"joint {joint} (motor 0x{_joints[joint].CanId:X2})");
        reason = code == NoReplyFault
            ? $"{motor}: no reply in {MitMotorBusConfig.MissedCyclesToFault} consecutive cycles"
            : $"{motor}: {((MitMotorFault)code).ToMessage()}";
        return true;
    }

    /// <summary>
    /// Starts the I/O thread, which runs one cycle every <see cref="MitMotorBusConfig.CyclePeriodUs"/>
    /// until <see cref="Dispose"/>. Call once, from the thread that built the bus, before the loop
    /// runs; afterwards <see cref="PumpCycle"/> may no longer be called.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The bus's I/O thread is already running.");
        }

        _thread = new Thread(RunIoThread) { IsBackground = true, Name = "mit-can-bus" };
        _thread.Start();
    }

    /// <summary>
    /// Runs one bus cycle on the calling thread: sends every motor its command, waits up to
    /// <see cref="MitMotorBusConfig.ReplyTimeoutMs"/> for the replies, publishes the measured state
    /// and updates the faults. For lockstep use without <see cref="Start"/>; always from the same
    /// thread. Blocking (bounded by the reply timeout); allocation-free.
    /// </summary>
    /// <exception cref="InvalidOperationException">The I/O thread was started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void PumpCycle()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The bus's I/O thread runs the cycles; PumpCycle is only for buses not started.");
        }

        RunCycle();
    }

    /// <summary>
    /// Stops the I/O thread (waits for its current cycle), sends exit-motor-mode to every motor (best
    /// effort: a link already gone is ignored), and disposes the transport unless left open.
    /// Idempotent. Not from the control loop (blocks).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopRequested = true;
        _thread?.Join();
        try
        {
            for (int i = 0; i < _joints.Length; i++)
            {
                _transport.TrySend(MitMotorCodec.CreateSpecialFrame(_joints[i].CanId, MitMotorSpecialCommand.ExitMotorMode));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The link is gone; motors without commands stop on their own CAN timeout.
        }

        if (!_leaveOpen)
        {
            _transport.Dispose();
        }
    }

    /// <summary>
    /// The I/O thread's body inside its fault barrier: link failures are handled by the cycle; anything
    /// else ends the thread, faults every joint and is kept in <see cref="IoFailure"/> for the control thread.
    /// </summary>
    private void RunIoThread()
    {
        ElevateIoThread();
        try
        {
            RunCycles();
        }
        catch (Exception e)
        {
            for (int i = 0; i < _joints.Length; i++)
            {
                Volatile.Write(ref _faultCodes[i], NoReplyFault);
            }

            Volatile.Write(ref _faultMask, (1 << _joints.Length) - 1);
            Volatile.Write(ref _ioFailure, e);
            BusLog.IoThreadFailed(_logger, _name, e.Message, e);
        }
    }

    private void RunCycles()
    {
        long periodNs = _cyclePeriodUs * 1_000L;
        long nextNs = MonotonicClock.GetTimestampNs();
        while (!_stopRequested)
        {
            RunCycle();
            nextNs += periodNs;
            long nowNs = MonotonicClock.GetTimestampNs();
            if (nextNs < nowNs)
            {
                // Overran (a motor timed out): start the next cycle now rather than bursting to catch up.
                nextNs = nowNs;
            }

            PreciseWait.Until(nextNs);
        }
    }

    private static void Validate(MitMotorBusConfig config)
    {
        IReadOnlyList<MitMotorJointConfig> joints = config.Joints ?? throw new ArgumentException("Joints is required.", nameof(config));
        if (joints.Count is 0 or > JointVector.Capacity)
        {
            throw new ArgumentException($"A MIT motor bus drives 1 to {JointVector.Capacity} joints, not {joints.Count}.", nameof(config));
        }

        Span<bool> seen = stackalloc bool[256];
        for (int i = 0; i < joints.Count; i++)
        {
            MitMotorJointConfig joint = joints[i] ?? throw new ArgumentException($"Joint {i} is null.", nameof(config));
            if (joint.CanId is 0 or > 0xFF)
            {
                throw new ArgumentException($"Joint {i}: CAN id {joint.CanId} is outside 1..255 (replies name the motor in one byte).", nameof(config));
            }

            if (seen[(int)joint.CanId])
            {
                throw new ArgumentException($"Joint {i}: CAN id 0x{joint.CanId:X2} is used twice.", nameof(config));
            }

            seen[(int)joint.CanId] = true;
            if (joint.Direction is not (1 or -1))
            {
                throw new ArgumentException($"Joint {i}: Direction must be +1 or -1, not {joint.Direction}.", nameof(config));
            }

            if (!(joint.Kp >= joint.Limits.KpMin && joint.Kp <= joint.Limits.KpMax && joint.Kd >= joint.Limits.KdMin && joint.Kd <= joint.Limits.KdMax)
                || !double.IsFinite(joint.OffsetRad))
            {
                throw new ArgumentException($"Joint {i}: kp {joint.Kp}, kd {joint.Kd} or offset {joint.OffsetRad} is outside the motor's ranges.", nameof(config));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(config.CyclePeriodUs, 100, nameof(config.CyclePeriodUs));
        ArgumentOutOfRangeException.ThrowIfLessThan(config.ReplyTimeoutMs, 1, nameof(config.ReplyTimeoutMs));
    }
}
