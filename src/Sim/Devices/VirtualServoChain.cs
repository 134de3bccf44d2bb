using System.Diagnostics;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers;

namespace RobotEdge.Sim.Devices;

/// <summary>
/// A chain of virtual serial bus servos answering on the master side of a <see cref="PseudoTerminal"/>,
/// so that a bus driver opens <see cref="PseudoTerminal.DevicePath"/> like a USB adapter and cannot
/// tell the difference. It runs on its own device thread: it reads instructions, checks their CRC or
/// checksum (rejecting and counting bad ones, as a servo does), drops an incomplete instruction once
/// the line has been idle for a millisecond (an inter-byte timeout, so that a corrupted length field
/// costs one instruction, not the next several), applies writes, answers reads after the return
/// delay, and advances every servo's motor model to the <see cref="IClock"/>'s time.
/// Faults are injected on the wire: corrupted bytes in both directions, dropped answers, servos that
/// disappear, hardware error bits. The protocol is the subclass's
/// (<see cref="VirtualDynamixelChain"/>, <see cref="VirtualFeetechChain"/>).
/// </summary>
/// <remarks>
/// Ownership: the chain does not own the pseudo-terminal; dispose the chain first, then the pty.
/// Fault-injection properties and <see cref="SetPresent"/>/<see cref="SetHardwareError"/> may be
/// called from any thread at any time.
/// </remarks>
public abstract partial class VirtualServoChain : IDisposable
{
    /// <summary>Longest physics sub-step, ns (as <see cref="Actuators.SimulatedActuatorBus"/>).</summary>
    private const long MaxStepNs = 500_000;

    /// <summary>How long the device thread waits for input before advancing the physics anyway, ms.</summary>
    private const int IdlePollMs = 1;

    private readonly PseudoTerminal _pty;
    private readonly IClock _clock;
    private readonly VirtualServoChainOptions _options;

    /// <summary>Addresses of the registers the chain acts on, in the protocol's table.</summary>
    private readonly VirtualServoTableLayout _layout;
    private readonly Random _random;
    private readonly byte[] _receive = new byte[512];
    private readonly byte[] _send = new byte[512];
    private readonly Thread _thread;

    /// <summary>Joint ↔ servo mapping in chain order, or null when the chain publishes shaft angles only.</summary>
    private readonly ServoJoint[]? _mapping;
    private volatile bool _stop;
    private long _lastUpdateNs;
    private JointState _trueState;
    private JointState _trueJointState;
    private long _appliedGoalCount;
    private long _torqueEnableWriteCount;
    private int _torqueOnMask;
    private long _droppedReplyCount;
    private long _corruptedByteCount;

    /// <summary>Creates the chain and starts its device thread.</summary>
    /// <param name="pty">Pseudo-terminal whose master side the servos answer on; stays owned by the caller.</param>
    /// <param name="clock">Time base of the motor models (lockstep or monotonic).</param>
    /// <param name="ids">Servo ids in chain order, 1–8 distinct ids valid for the protocol.</param>
    /// <param name="options">Timing and dynamics; defaults when null.</param>
    /// <param name="layout">Where the protocol's table keeps the writable window, Torque Enable and Goal Position.</param>
    private protected VirtualServoChain(
        PseudoTerminal pty, IClock clock, ReadOnlySpan<byte> ids, VirtualServoChainOptions? options, VirtualServoTableLayout layout)
    {
        ArgumentNullException.ThrowIfNull(pty);
        ArgumentNullException.ThrowIfNull(clock);
        if (ids.Length is 0 or > JointVector.Capacity)
        {
            throw new ArgumentException($"A virtual chain holds 1–{JointVector.Capacity} servos.", nameof(ids));
        }

        _pty = pty;
        _clock = clock;
        _options = options ?? new VirtualServoChainOptions();
        _layout = layout;
        ArgumentOutOfRangeException.ThrowIfNegative(_options.ReturnDelayUs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.TimeConstantS);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxVelocityRadPerS);
        _random = new Random(_options.Seed);
        IReadOnlyList<ServoJoint>? mapping = _options.Joints;
        if (mapping is not null && mapping.Count != ids.Length)
        {
            throw new ArgumentException($"The joint mapping names {mapping.Count} servos, the chain has {ids.Length}.", nameof(options));
        }

        Servos = new VirtualServo[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[..i].Contains(ids[i]))
            {
                throw new ArgumentException($"Servo id {ids[i]} appears twice.", nameof(ids));
            }

            double initialRad = _options.InitialPositionRad;
            if (mapping is not null)
            {
                if (mapping[i].ServoId != ids[i])
                {
                    throw new ArgumentException($"Servo {i} of the chain has id {ids[i]}, its joint mapping names id {mapping[i].ServoId}.", nameof(options));
                }

                IReadOnlyList<double>? initialJoints = _options.InitialJointsRad;
                initialRad = mapping[i].ToServoRad(initialJoints is not null && i < initialJoints.Count ? initialJoints[i] : 0);
            }

            Servos[i] = new VirtualServo(ids[i], initialRad);
        }

        _mapping = mapping is null ? null : [.. mapping];
        _trueState.JointCount = ids.Length;
        _trueJointState.JointCount = ids.Length;
        _lastUpdateNs = clock.NowNs;
        _thread = new Thread(Run) { IsBackground = true, Name = $"virtual servos {pty.DevicePath}" };
    }

    /// <summary>True shaft angles (rad) and velocities (rad/s) of the servos in chain order, published by the device thread after every physics update. One reader thread.</summary>
    public LatestMailbox<JointState> TrueState { get; } = new();

    /// <summary>
    /// True joint angles (rad) and velocities (rad/s) in chain order: <see cref="TrueState"/> mapped
    /// through <see cref="VirtualServoChainOptions.Joints"/> (<c>joint = Direction × (servo − Offset)</c>),
    /// published with it; never published when no mapping was given. One reader thread.
    /// </summary>
    public LatestMailbox<JointState> TrueJointState { get; } = new();

    /// <summary>Probability that any byte on the wire (either direction) has one bit flipped, 0–1. Any thread.</summary>
    public double CorruptByteProbability { get; set; }

    /// <summary>Probability that a servo's answer is not sent at all, 0–1. Any thread.</summary>
    public double DropReplyProbability { get; set; }

    /// <summary>
    /// Called on the device thread with (servo id, goal ticks) each time a servo applies a goal
    /// position; for tests that check every applied goal was really sent. Set before traffic starts.
    /// </summary>
    public Action<byte, int>? GoalApplied { get; set; }

    /// <summary>Goal positions applied, all servos together. Any thread.</summary>
    public long AppliedGoalCount => Volatile.Read(ref _appliedGoalCount);

    /// <summary>
    /// Writes that set a servo's Torque Enable to non-zero, all servos together, counted as they
    /// arrive on the wire (whether or not a hardware error then keeps the motor off). Any thread.
    /// </summary>
    public long TorqueEnableWriteCount => Volatile.Read(ref _torqueEnableWriteCount);

    /// <summary>Bit i set when the servo at chain position i had its torque on after the latest Torque Enable write (published by the device thread). Any thread.</summary>
    public int TorqueOnMask => Volatile.Read(ref _torqueOnMask);

    /// <summary>Instruction packets rejected for a bad CRC/checksum or an impossible frame. Any thread; a recent snapshot.</summary>
    public long RejectedPacketCount => InstructionReader.RejectedPacketCount;

    /// <summary>Answers dropped by <see cref="DropReplyProbability"/>. Any thread.</summary>
    public long DroppedReplyCount => Volatile.Read(ref _droppedReplyCount);

    /// <summary>Bytes corrupted by <see cref="CorruptByteProbability"/>, both directions. Any thread.</summary>
    public long CorruptedByteCount => Volatile.Read(ref _corruptedByteCount);

    /// <summary>The servos, chain order. Physics and tables belong to the device thread.</summary>
    private protected VirtualServo[] Servos { get; }

    /// <summary>The return delay, µs.</summary>
    private protected int ReturnDelayUs => _options.ReturnDelayUs;

    /// <summary>Plugs servo <paramref name="id"/> out of the bus (false) or back in (true). Any thread.</summary>
    /// <exception cref="ArgumentException">No servo has that id.</exception>
    public void SetPresent(byte id, bool present) => Get(id).Present = present;

    /// <summary>
    /// Makes servo <paramref name="id"/> report hardware error <paramref name="bits"/> (the protocol's
    /// own bits: Dynamixel Hardware Error Status, Feetech status error byte); 0 clears. While non-zero
    /// the servo switches its torque off. Any thread.
    /// </summary>
    /// <exception cref="ArgumentException">No servo has that id.</exception>
    public void SetHardwareError(byte id, byte bits) => Get(id).HardwareErrorBits = bits;

    /// <summary>Stops the device thread. Idempotent; the pseudo-terminal stays open.</summary>
    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the device thread; called by the subclass once its own fields are set.</summary>
    private protected void StartThread()
    {
        Publish();
        _thread.Start();
    }

    /// <summary>
    /// The protocol's instruction reader, owned by the subclass and used only on the device thread:
    /// received (possibly corrupted) bytes go in, <see cref="HandleInstructions"/> takes packets out.
    /// </summary>
    private protected abstract SerialPacketReader InstructionReader { get; }

    /// <summary>Handles every complete instruction received so far. Device thread.</summary>
    private protected abstract void HandleInstructions();

    /// <summary>The servo with <paramref name="id"/> that is on the bus, or null.</summary>
    private protected VirtualServo? FindPresent(byte id)
    {
        foreach (VirtualServo servo in Servos)
        {
            if (servo.Id == id)
            {
                return servo.Present ? servo : null;
            }
        }

        return null;
    }

    /// <summary>Records a goal a servo applied. Device thread.</summary>
    private protected void OnGoalApplied(VirtualServo servo, int ticks)
    {
        Volatile.Write(ref _appliedGoalCount, _appliedGoalCount + 1);
        GoalApplied?.Invoke(servo.Id, ticks);
    }

    /// <summary>
    /// Sends one answer after the return delay, unless the fault injection drops it; bytes may be
    /// corrupted on the way. Device thread.
    /// </summary>
    private protected void SendReply(ReadOnlySpan<byte> packet)
    {
        if (DropReplyProbability > 0 && _random.NextDouble() < DropReplyProbability)
        {
            Volatile.Write(ref _droppedReplyCount, _droppedReplyCount + 1);
            return;
        }

        if (_options.ReturnDelayUs > 0)
        {
            long until = Stopwatch.GetTimestamp() + _options.ReturnDelayUs * Stopwatch.Frequency / 1_000_000;
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }

        Span<byte> wire = _send.AsSpan(0, packet.Length);
        packet.CopyTo(wire);
        Corrupt(wire);
        _pty.Write(wire);
    }

    /// <summary>Advances every servo to the clock's time and publishes <see cref="TrueState"/>. Device thread.</summary>
    private protected void AdvancePhysics()
    {
        long nowNs = _clock.NowNs;
        while (_lastUpdateNs < nowNs)
        {
            long stepNs = Math.Min(MaxStepNs, nowNs - _lastUpdateNs);
            foreach (VirtualServo servo in Servos)
            {
                servo.Step(stepNs * 1e-9, _options.TimeConstantS, _options.MaxVelocityRadPerS);
            }

            _lastUpdateNs += stepNs;
        }

        Publish();
    }

    /// <summary>Drops the bytes of an incomplete instruction after an idle gap on the line. Device thread.</summary>
    private void DiscardPartialInstruction()
    {
        if (InstructionReader.BufferedCount > 0)
        {
            InstructionReader.DiscardBuffered();
        }
    }

    private VirtualServo Get(byte id) =>
        Array.Find(Servos, s => s.Id == id) ?? throw new ArgumentException($"No virtual servo has id {id}.", nameof(id));

    private void Publish()
    {
        for (int i = 0; i < Servos.Length; i++)
        {
            _trueState.PositionsRad[i] = Servos[i].PositionRad;
            _trueState.VelocitiesRadPerS[i] = Servos[i].VelocityRadPerS;
        }

        _trueState.TimestampNs = _lastUpdateNs;
        TrueState.Publish(_trueState);
        if (_mapping is null)
        {
            return;
        }

        for (int i = 0; i < _mapping.Length; i++)
        {
            _trueJointState.PositionsRad[i] = _mapping[i].ToJointRad(Servos[i].PositionRad);
            _trueJointState.VelocitiesRadPerS[i] = _mapping[i].Direction * Servos[i].VelocityRadPerS;
        }

        _trueJointState.TimestampNs = _lastUpdateNs;
        TrueJointState.Publish(_trueJointState);
    }

    private void Corrupt(Span<byte> bytes)
    {
        double p = CorruptByteProbability;
        if (p <= 0)
        {
            return;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (_random.NextDouble() < p)
            {
                bytes[i] ^= (byte)(1 << _random.Next(8));
                Volatile.Write(ref _corruptedByteCount, _corruptedByteCount + 1);
            }
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            int received;
            try
            {
                received = _pty.Read(_receive, IdlePollMs);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return; // The pseudo-terminal was closed: the cable is gone.
            }

            AdvancePhysics();
            if (received == 0)
            {
                // The line has been idle for a poll period: drop a partial instruction, as servo
                // firmware does after an inter-byte gap, so that a corrupted length byte cannot make
                // the servo swallow the next instructions too.
                DiscardPartialInstruction();
            }
            else
            {
                Span<byte> data = _receive.AsSpan(0, received);
                Corrupt(data);
                InstructionReader.Append(data);
                try
                {
                    HandleInstructions();
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }
}
