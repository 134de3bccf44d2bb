using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Control.Buses;

/// <summary>
/// A chain of serial bus servos (Dynamixel X series over Protocol 2.0, or Feetech STS3215) in
/// position mode, behind <see cref="IActuatorBus"/>. One bus cycle is one Sync Write of the newest
/// goal positions and one Sync Read of present position and velocity; the cycle, its retries and
/// reconnection run on the bus's own I/O thread (<see cref="Start"/>), or, for lockstep simulation
/// and tests, on the caller's thread through <see cref="PumpCycle"/>. The control thread only swaps
/// values with the I/O thread through two <see cref="LatestMailbox{T}"/>: <see cref="Write"/> and
/// <see cref="TryRead"/> never touch the port, never block and never allocate.
/// Cycle, threading and fault states are described in <c>src/Control/Buses/README.md</c>.
/// </summary>
/// <remarks>
/// Ownership: the bus owns the ports it opens and closes them on <see cref="Dispose"/>.
/// The configuration is read once, at construction.
/// </remarks>
public sealed partial class SerialServoBus : IActuatorBus
{
    private readonly ServoBusConfig _config;
    private readonly ServoJoint[] _joints;
    private readonly IClock _clock;
    private readonly Func<IByteStream> _openPort;
    private readonly ServoProtocolAdapter _adapter;

    /// <summary>Where the bus reports changes (port failures, hardware errors); never written per cycle.</summary>
    private readonly ILogger _logger;

    /// <summary>The bus as log lines and fault texts name it, e.g. "dynamixel bus /dev/ttyUSB0".</summary>
    private readonly string _name;

    /// <summary>Control thread → I/O thread: the newest command.</summary>
    private readonly LatestMailbox<JointCommand> _commands = new();

    /// <summary>I/O thread → control thread: the newest measured state.</summary>
    private readonly LatestMailbox<JointState> _states = new();

    /// <summary>Set to stop the I/O thread; also what it waits on between reconnection attempts.</summary>
    private readonly ManualResetEventSlim _stopSignal = new(false);

    /// <summary>Per joint, written by the cycle thread with a release (flags last), read by any thread: the <see cref="JointFaultFlags"/> as int.</summary>
    private readonly int[] _faultFlags;

    /// <summary>Per joint, written by the cycle thread: consecutive missed replies.</summary>
    private readonly int[] _missedReplies;

    /// <summary>Per joint, written by the cycle thread: the latest hardware error bits.</summary>
    private readonly byte[] _hardwareBits;

    /// <summary>Per joint, written by the cycle thread only when the bits change: their decoded text.</summary>
    private readonly string[] _hardwareText;

    /// <summary>Goal lead along the commanded velocity, seconds (<see cref="ServoBusConfig.PositionLeadMs"/>).</summary>
    private readonly double _leadS;

    private Thread? _ioThread;
    private int _disposed;

    /// <summary>0 until <see cref="Energize"/>; then 1. Written by any thread, read by the cycle thread: until it is 1 no cycle sends Torque Enable or a goal.</summary>
    private int _energized;

    /// <summary>Written once by the I/O thread's fault barrier, read by any thread: what ended the I/O thread.</summary>
    private Exception? _ioFailure;

    /// <summary>Written by the cycle thread, read by any: completed cycles (port open, Sync Read done).</summary>
    private long _cycleCount;

    /// <summary>Written by the cycle thread, read by any: mirror of the adapter's checksum error count.</summary>
    private long _crcErrors;

    /// <summary>Written by the cycle thread, read by any: replies missed, all joints together.</summary>
    private long _missedReplyCount;

    /// <summary>Written by the cycle thread, read by any: successful reopenings after a port failure.</summary>
    private long _reconnectCount;

    /// <summary>Written by the cycle thread, read by any: bit i set when joint i has NoReply or HardwareError.</summary>
    private int _faultedJointMask;

    /// <summary>
    /// Creates a bus that opens <see cref="ServoBusConfig.PortPath"/> at <see cref="ServoBusConfig.BaudRate"/>
    /// with the transport <see cref="ServoBusConfig.PortKind"/> names (<see cref="SerialPorts.Open"/>:
    /// termios on Linux, System.IO.Ports elsewhere, unless the URI chose). Nothing is opened yet:
    /// <see cref="Connect"/> (what <see cref="ActuatorBusFactory"/> does) or the first cycle opens the port.
    /// Not real-time safe (allocates); call before the loop starts.
    /// </summary>
    /// <param name="config">Port, protocol and joints; validated here.</param>
    /// <param name="clock">The loop's clock; stamps <see cref="JointState.TimestampNs"/>.</param>
    /// <param name="logger">Receives port failures (once per change of reason), hardware errors (on change), the port's notes at open (FTDI latency timer, baud rate) and an I/O thread failure; null logs nothing.</param>
    /// <param name="portOptions">How the port is opened (write timeout, exclusivity, latency timer, sysfs root); null for <see cref="SerialPortOptions.Default"/>. Its <see cref="SerialPortOptions.Log"/> is replaced by <paramref name="logger"/>.</param>
    public SerialServoBus(ServoBusConfig config, IClock clock, ILogger? logger = null, SerialPortOptions? portOptions = null)
        : this(config, clock, CreateOpener(config, logger, portOptions), logger)
    {
    }

    /// <summary>
    /// Creates a bus that gets its port from <paramref name="openPort"/>, called by <see cref="Connect"/>,
    /// or on the cycle thread at the first cycle and again after every port failure (at most once per
    /// <see cref="ServoBusConfig.ReconnectIntervalMs"/>). It should throw <see cref="IOException"/>
    /// when the device is missing, busy or not permitted. Not real-time safe; call before the loop starts.
    /// </summary>
    /// <param name="config">Port, protocol and joints; validated here.</param>
    /// <param name="clock">The loop's clock; stamps <see cref="JointState.TimestampNs"/>.</param>
    /// <param name="openPort">Opens the port; the bus owns and disposes what it returns.</param>
    /// <param name="logger">As for the other constructor; null logs nothing.</param>
    public SerialServoBus(ServoBusConfig config, IClock clock, Func<IByteStream> openPort, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(openPort);
        config.Validate();
        _config = config;
        _joints = [.. config.Joints];
        _clock = clock;
        _openPort = openPort;
        _adapter = ServoProtocolAdapter.Create(config.Protocol);
        _wireTimeline = CreateWireTimeline(config);
        _logger = logger ?? NullLogger.Instance;
        _name = NameOf(config);
        int n = _joints.Length;
        _faultFlags = new int[n];
        _missedReplies = new int[n];
        _hardwareBits = new byte[n];
        _hardwareText = new string[n];
        Array.Fill(_hardwareText, string.Empty);
        _ids = new byte[n];
        _goalTicks = new int[n];
        _servoRad = new double[n];
        _servoVelocityRadPerS = new double[n];
        for (int i = 0; i < n; i++)
        {
            _ids[i] = _joints[i].ServoId;
        }

        _cycleTimeoutTicks = config.CycleTimeoutMs * Stopwatch.Frequency / 1000;
        _leadS = config.PositionLeadMs * 1e-3;
        _state.JointCount = n;
    }

    /// <inheritdoc />
    public int JointCount => _joints.Length;

    /// <summary>The configuration this bus was built with.</summary>
    public ServoBusConfig Config => _config;

    /// <summary>Whether <see cref="Start"/> was called (cycles then run only on the I/O thread).</summary>
    public bool IsStarted => Volatile.Read(ref _ioThread) is not null;

    /// <summary>Whether the port is open. Any thread; a recent snapshot.</summary>
    public bool IsConnected => Volatile.Read(ref _port) is not null;

    /// <summary>Completed bus cycles (port open, goals written, feedback read). Any thread; a recent snapshot.</summary>
    public long CycleCount => Volatile.Read(ref _cycleCount);

    /// <summary>Answers dropped because their CRC (Dynamixel) or checksum (Feetech) did not match. Any thread.</summary>
    public long CrcErrors => Volatile.Read(ref _crcErrors);

    /// <summary>Servo replies missed in all cycles so far, all joints together. Any thread.</summary>
    public long MissedReplies => Volatile.Read(ref _missedReplyCount);

    /// <summary>Times the port was reopened after a failure. Any thread.</summary>
    public long ReconnectCount => Volatile.Read(ref _reconnectCount);

    /// <summary>
    /// Bit i is set while joint i is in fault: <see cref="JointFaultFlags.NoReply"/> or
    /// <see cref="JointFaultFlags.HardwareError"/> (stale feedback alone does not count). Any thread;
    /// real-time safe; updated at the end of every cycle.
    /// </summary>
    public int FaultedJointMask => Volatile.Read(ref _faultedJointMask);

    /// <summary>
    /// The exception that ended the I/O thread (anything but an <see cref="IOException"/>, which is a
    /// port failure and is retried), or null while it runs. Any thread; a volatile read, real-time safe.
    /// When it is set every joint is also in <see cref="FaultedJointMask"/>.
    /// </summary>
    public Exception? IoFailure => Volatile.Read(ref _ioFailure);

    /// <summary>Whether <see cref="Energize"/> was called. Any thread.</summary>
    public bool IsEnergized => Volatile.Read(ref _energized) != 0;

    /// <summary>
    /// Opens the port now, on the caller's thread, unless it is open already: the first open belongs to
    /// building the robot, so a port that is missing, busy or not permitted fails the build, before
    /// anything is energised, with the port and the reason in the exception's message. Later failures
    /// are retried by the cycle and logged once per change of reason. Call before <see cref="Start"/>
    /// (or between <see cref="PumpCycle"/> calls); not real-time safe. Sends nothing.
    /// </summary>
    /// <exception cref="IOException">The port could not be opened (<see cref="SerialPortException"/> for a real port: its <see cref="SerialPortException.Error"/> says why).</exception>
    /// <exception cref="InvalidOperationException">The I/O thread is running.</exception>
    public void Connect()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (IsStarted)
        {
            throw new InvalidOperationException("Connect() opens the port before the I/O thread starts; Start() was called.");
        }

        if (_port is null)
        {
            _lastOpenAttemptMs = Environment.TickCount64;
            OnPortOpened(_openPort());
        }
    }

    /// <summary>
    /// Lets the bus energise the servos: from the next cycle on it sends Torque Enable to every servo
    /// (again after a reconnection, or when a servo that stopped answering comes back) and the newest
    /// goal positions. Before this call the bus opens its port and reads feedback but writes no
    /// Torque Enable and no goal. Idempotent; any thread; not real-time (logs once).
    /// </summary>
    public void Energize()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _energized, 1) == 0)
        {
            BusLog.Energized(_logger, _name, "Torque Enable and goals go out from the next cycle on");
        }
    }

    /// <summary>
    /// Starts the I/O thread, which then runs cycles back to back (or every
    /// <see cref="ServoBusConfig.MinCyclePeriodUs"/>) until <see cref="Dispose"/>. Call once, before or
    /// after the control loop starts; not real-time safe.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var thread = new Thread(RunIoThread) { IsBackground = true, Name = $"servo-bus {_config.PortPath}" };
        if (Interlocked.CompareExchange(ref _ioThread, thread, null) is not null)
        {
            throw new InvalidOperationException("The bus I/O thread is already running.");
        }

        thread.Start();
    }

    /// <summary>
    /// Runs one bus cycle synchronously on the caller's thread, for lockstep simulation and tests:
    /// the newest <see cref="Write"/> goes out, feedback comes back, and <see cref="TryRead"/> then
    /// returns it. Blocks for up to about <see cref="ServoBusConfig.CycleTimeoutMs"/> (twice when a
    /// corrupted answer is retried); no allocation in steady state. Only valid while
    /// <see cref="Start"/> has not been called; one thread at a time.
    /// </summary>
    /// <returns>true when the cycle ran; false when the port is not open (a reopening is attempted at most every <see cref="ServoBusConfig.ReconnectIntervalMs"/>).</returns>
    /// <exception cref="InvalidOperationException">The I/O thread is running.</exception>
    public bool PumpCycle()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (IsStarted)
        {
            throw new InvalidOperationException("PumpCycle is for buses without an I/O thread; Start() was called.");
        }

        return RunCycle();
    }

    /// <summary>
    /// Copies the newest feedback into <paramref name="state"/> (positions and velocities in joint
    /// space: offsets and directions applied). Control thread only; real-time safe: a mailbox swap,
    /// no port access, no allocation. Joints whose servo missed the latest reply keep their last
    /// measured value; see <see cref="TryGetFault"/>.
    /// </summary>
    /// <returns>false, leaving <paramref name="state"/> unchanged, when no cycle completed since the last successful call.</returns>
    public bool TryRead(ref JointState state)
    {
        if (!_states.TryTake(out JointState fresh))
        {
            return false;
        }

        state = fresh;
        return true;
    }

    /// <summary>
    /// Hands <paramref name="command"/> to the bus; the next cycle sends its
    /// <see cref="JointCommand.PositionsRad"/> as goal positions (velocities are not used in position
    /// mode). A non-finite position holds that joint where it was last measured. Control thread
    /// only; real-time safe: a mailbox publish, no port access, no allocation.
    /// </summary>
    public void Write(in JointCommand command) => _commands.Publish(command);

    /// <summary>
    /// The Goal Position, in servo ticks, that a cycle sends for joint <paramref name="joint"/> of
    /// <paramref name="command"/>: position plus <see cref="ServoBusConfig.PositionLeadMs"/> × velocity,
    /// clamped to the joint's limits, mapped through offset and direction, saturated to the servo's
    /// range. Any thread; a pure function of the configuration; real-time safe. Tests compare what
    /// the servos applied against it.
    /// </summary>
    /// <returns>false when the command is not finite for that joint (the cycle then holds the joint at its last measured position).</returns>
    public bool TryGetGoalTicks(in JointCommand command, int joint, out int ticks)
    {
        double jointRad = command.PositionsRad[joint] + _leadS * command.VelocitiesRadPerS[joint];
        if (!double.IsFinite(jointRad))
        {
            ticks = 0;
            return false;
        }

        ServoJoint mapping = _joints[joint];
        ticks = _adapter.ToGoalTicks(mapping.ToServoRad(Math.Clamp(jointRad, mapping.LowerRad, mapping.UpperRad)));
        return true;
    }

    /// <summary>
    /// Reads joint <paramref name="joint"/>'s health. Any thread; real-time safe (no allocation; the
    /// text is a string made when the bits changed). The fields are a recent snapshot, each updated at
    /// the end of a cycle.
    /// </summary>
    /// <returns>true when any <see cref="JointFaultFlags"/> is set (including stale feedback); false when healthy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="joint"/> is not a joint index.</exception>
    public bool TryGetFault(int joint, out JointFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(joint);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(joint, _joints.Length);

        // Acquire: the bits, text and counter written before these flags are visible.
        var flags = (JointFaultFlags)Volatile.Read(ref _faultFlags[joint]);
        fault = new JointFault(flags, Volatile.Read(ref _missedReplies[joint]), _hardwareBits[joint], Volatile.Read(ref _hardwareText[joint]));
        return flags != JointFaultFlags.None;
    }

    /// <summary>Stops the I/O thread (waits for its current cycle) and closes the port. Idempotent; not from the control loop.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopSignal.Set();
        Volatile.Read(ref _ioThread)?.Join();
        ClosePort();
        _stopSignal.Dispose();
    }

    /// <summary>
    /// The I/O thread's body inside its fault barrier: port failures are handled by the cycle; anything
    /// else ends the thread, faults every joint and is kept in <see cref="IoFailure"/> for the control
    /// thread, which stops the robot with it.
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
            MarkAllDisconnected();
            Volatile.Write(ref _ioFailure, e);
            BusLog.IoThreadFailed(_logger, _name, e.Message, e);
        }
    }

    private void RunCycles()
    {
        long minPeriodTicks = _config.MinCyclePeriodUs * Stopwatch.Frequency / 1_000_000;
        while (!_stopSignal.IsSet)
        {
            long start = Stopwatch.GetTimestamp();
            if (!RunCycle())
            {
                // Port closed: the next attempt to reopen is due after the reconnect interval.
                _stopSignal.Wait(_config.ReconnectIntervalMs);
                continue;
            }

            long remainingTicks = minPeriodTicks - (Stopwatch.GetTimestamp() - start);
            if (remainingTicks > 0)
            {
                _stopSignal.Wait((int)Math.Max(1, remainingTicks * 1000 / Stopwatch.Frequency));
            }
        }
    }
}
