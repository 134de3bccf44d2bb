using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Actuators;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// The simulated robot's actuators as the control loop sees them, chosen by the robot's bus
/// configuration:
/// <list type="bullet">
/// <item><c>sim</c>: in-memory simulated joints;</item>
/// <item><c>sim-dynamixel</c>, <c>sim-feetech</c>: a chain of virtual X-series / STS3215 servos on a
/// real pseudo-terminal, driven by <see cref="SerialServoBus"/> exactly as real ones, with the
/// group's ids, offsets and directions;</item>
/// <item><c>sim-slcan</c>: virtual MIT-mode CAN motors behind a virtual SLCAN adapter on a real
/// pseudo-terminal, driven through the serial port, SLCAN and MIT codecs exactly as real ones.</item>
/// </list>
/// Several groups make a <see cref="CompositeActuatorBus"/> over one of these per group.
/// Owns everything it builds. <see cref="TrueState"/> is what the simulated camera renders from: true
/// joint angles (device angles mapped back through the same offsets and directions). The virtual
/// devices answer from the start, as powered hardware does; the robot's side — the buses' I/O threads
/// and the true-state relay of a real-time run — runs only from <see cref="Start"/>.
/// </summary>
public sealed class SimulatedActuation : IDisposable
{
    /// <summary>
    /// Reply timeout of the simulated buses in lockstep, ms: 4× the real-time one, so that a loaded
    /// machine holding up the virtual devices' thread is not taken for a silent device; short enough
    /// that the cycles spent waiting on a deliberately silent one keep tests quick.
    /// </summary>
    private const int LockstepReplyTimeoutMs = 100;

    private readonly List<IDisposable> _owned = [];
    private readonly MitMotorCanBus? _canBus;
    private readonly SerialServoBus? _servoBus;

    /// <summary>Per group, when several buses make up the robot (or one lists its joints out of robot order).</summary>
    private readonly List<SimulatedActuation> _members = [];

    /// <summary>Gathers the members' true states, with <see cref="_members"/>.</summary>
    private TrueStateRelay? _relay;

    private bool _realTime;

    /// <summary>Whether <see cref="Start"/> ran.</summary>
    private bool _started;

    private SimulatedActuation(IActuatorBus bus, LatestMailbox<JointState> trueState, MitMotorCanBus? canBus, SerialServoBus? servoBus = null)
    {
        Bus = bus;
        TrueState = trueState;
        _canBus = canBus;
        _servoBus = servoBus;
    }

    /// <summary>The virtual servo chain behind <c>sim-dynamixel</c> / <c>sim-feetech</c> (fault injection, ground truth), or null.</summary>
    public VirtualServoChain? ServoChain { get; private set; }

    /// <summary>One simulated bus per group when the robot's joints are spread over several; empty otherwise.</summary>
    public IReadOnlyList<SimulatedActuation> Members => _members;

    /// <summary>The bus the control loop drives.</summary>
    public IActuatorBus Bus { get; }

    /// <summary>The joints' true state, for the camera and the reports.</summary>
    public LatestMailbox<JointState> TrueState { get; }

    /// <summary>
    /// In real time, starts the buses' I/O threads and the true-state relay (lockstep runs pump them
    /// with <see cref="PumpLockstepCycle"/> instead, and this does nothing). Idempotent; not real-time.
    /// </summary>
    public void Start()
    {
        if (_started || !_realTime)
        {
            return;
        }

        _started = true;
        foreach (SimulatedActuation member in _members)
        {
            member.Start();
        }

        _servoBus?.Start();
        _canBus?.Start();
        _relay?.Start();
    }

    /// <summary>
    /// In lockstep, runs one bus cycle on the calling thread after each control tick (deterministic);
    /// in real time the bus cycles on its own I/O thread and this does nothing.
    /// </summary>
    public void PumpLockstepCycle()
    {
        if (_canBus is { IsStarted: false })
        {
            _canBus.PumpCycle();
        }

        if (_servoBus is { IsStarted: false })
        {
            _servoBus.PumpCycle();
        }

        if (_members.Count > 0 && !_realTime)
        {
            foreach (SimulatedActuation member in _members)
            {
                member.PumpLockstepCycle();
            }

            _relay!.Relay();
        }
    }

    /// <summary>
    /// Builds the actuators for the robot's bus <paramref name="layout"/>. One group listing its joints
    /// in robot order drives the loop directly; several groups (or one in another order) become a
    /// <see cref="CompositeActuatorBus"/> over one simulated bus per group, each with its own virtual
    /// devices, and their true states are gathered in robot order for the camera.
    /// </summary>
    /// <exception cref="InvalidDataException">A real device URI.</exception>
    public static SimulatedActuation Create(BusLayout layout, IClock clock, bool realTime, JointLimitSet limits, double timeConstantS, double[] initialRad)
    {
        BusGroupLayout first = layout.Groups[0];
        bool direct = layout.Groups.Count == 1 && first.Joints.Select((j, i) => j.JointIndex == i).All(x => x);
        if (direct)
        {
            return Create(first, clock, realTime, limits, timeConstantS, initialRad);
        }

        var members = new List<SimulatedActuation>(layout.Groups.Count);
        try
        {
            foreach (BusGroupLayout group in layout.Groups)
            {
                int[] indices = [.. group.Joints.Select(j => j.JointIndex)];
                var memberLimits = new JointLimitSet(
                    [.. indices.Select(i => limits.LowerRad[i])],
                    [.. indices.Select(i => limits.UpperRad[i])],
                    [.. indices.Select(i => limits.MaxVelocityRadPerS[i])]);
                double[] memberInitial = [.. indices.Select(i => i < initialRad.Length ? initialRad[i] : 0)];
                members.Add(Create(group, clock, realTime, memberLimits, timeConstantS, memberInitial));
            }
        }
        catch
        {
            members.ForEach(m => m.Dispose());
            throw;
        }

        List<int[]> jointIndices = [.. layout.Groups.Select(g => g.Joints.Select(j => j.JointIndex).ToArray())];
        var relay = new TrueStateRelay([.. members.Select(m => m.TrueState)], jointIndices, layout.JointCount);
        // The members own their buses (and dispose them); the composite only routes.
        var composite = new CompositeActuatorBus([.. members.Select(m => m.Bus)], jointIndices);
        var actuation = new SimulatedActuation(composite, relay.Merged, null) { _relay = relay, _realTime = realTime };
        actuation._members.AddRange(members);
        actuation._owned.Add(relay);
        actuation._owned.AddRange(members);
        return actuation;
    }

    private static SimulatedActuation Create(BusGroupLayout group, IClock clock, bool realTime, JointLimitSet limits, double timeConstantS, double[] initialRad)
    {
        switch (group.Uri.Scheme)
        {
            case BusScheme.Sim:
            {
                var bus = new SimulatedActuatorBus(clock, limits.LowerRad, limits.UpperRad, limits.MaxVelocityRadPerS, timeConstantS, initialRad);
                var actuation = new SimulatedActuation(bus, bus.TrueState, null) { _realTime = realTime };
                actuation._owned.Add(bus);
                return actuation;
            }

            case BusScheme.SimSlcan:
                return CreateSlcan(group, clock, realTime, initialRad);

            case BusScheme.SimDynamixel:
                return CreateServos(ServoProtocol.DynamixelX, group, clock, realTime, limits, timeConstantS, initialRad);

            case BusScheme.SimFeetech:
                return CreateServos(ServoProtocol.FeetechSts3215, group, clock, realTime, limits, timeConstantS, initialRad);

            default:
                throw new InvalidDataException(
                    $"bus '{group.Uri}' cannot drive the simulator (expected sim, sim-dynamixel, sim-feetech or sim-slcan); real buses are chosen with a device URI on a real robot");
        }
    }

    /// <summary>
    /// Virtual servos on a pseudo-terminal, created with the very joint mapping the bus uses, so that
    /// their true shaft angles map back to joint angles for the camera. Without a configured lead the
    /// bus leads goals by the virtual servos' own time constant (see <see cref="ServoBusConfig.PositionLeadMs"/>);
    /// in real time it cycles at 1 kHz at most.
    /// </summary>
    private static SimulatedActuation CreateServos(
        ServoProtocol protocol, BusGroupLayout group, IClock clock, bool realTime, JointLimitSet limits, double timeConstantS, double[] initialRad)
    {
        var pty = PseudoTerminal.Open();
        var actuation = new List<IDisposable> { pty };
        try
        {
            ServoBusConfig configured = ActuatorBusFactory.CreateServoConfig(group, protocol, pty.DevicePath, 1_000_000);
            var config = new ServoBusConfig
            {
                PortPath = configured.PortPath,
                Protocol = configured.Protocol,
                BaudRate = configured.BaudRate,
                Joints = configured.Joints,
                // The answers come from a thread of this process, which a loaded machine may hold up for
                // a few ms: a generous timeout keeps that from looking like a missing servo (only a
                // silent servo or a corrupted request ever waits for it). In lockstep nothing is owed
                // to the real clock, so the wait is longer still: a run's result must not depend on
                // how loaded the machine was (seen: replies held up past 25 ms under a heavy load).
                CycleTimeoutMs = group.CycleTimeoutMs ?? (realTime ? 25 : LockstepReplyTimeoutMs),
                PositionLeadMs = configured.PositionLeadMs > 0 ? configured.PositionLeadMs : timeConstantS * 1e3,
                // A pty moves bytes at memory speed: back-to-back cycles would only burn a core in real time.
                MinCyclePeriodUs = 1_000,
            };

            var options = new VirtualServoChainOptions
            {
                Joints = config.Joints,
                InitialJointsRad = initialRad,
                TimeConstantS = timeConstantS,
                MaxVelocityRadPerS = limits.MaxVelocityRadPerS.Take(limits.Count).DefaultIfEmpty(5.0).Max(),
            };
            byte[] ids = [.. config.Joints.Select(j => j.ServoId)];
            VirtualServoChain chain = protocol == ServoProtocol.DynamixelX
                ? new VirtualDynamixelChain(pty, clock, ids, options)
                : new VirtualFeetechChain(pty, clock, ids, options);
            actuation.Insert(0, chain);
            var bus = new SerialServoBus(config, clock);
            actuation.Insert(0, bus);
            var result = new SimulatedActuation(bus, chain.TrueJointState, null, bus) { ServoChain = chain, _realTime = realTime };
            result._owned.AddRange(actuation);
            return result;
        }
        catch
        {
            foreach (IDisposable d in actuation)
            {
                d.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Virtual MIT motors behind a virtual SLCAN adapter, with the group's CAN ids, offsets and
    /// directions on both sides, so that their true angles map back to joint angles for the camera.
    /// </summary>
    private static SimulatedActuation CreateSlcan(BusGroupLayout group, IClock clock, bool realTime, double[] initialRad)
    {
        MitMotorBusConfig configured = ActuatorBusFactory.CreateMitMotorConfig(group);
        var motors = new VirtualMitMotor[configured.Joints.Count];
        for (int i = 0; i < motors.Length; i++)
        {
            MitMotorJointConfig joint = configured.Joints[i];
            double initialJointRad = i < initialRad.Length ? initialRad[i] : 0;
            motors[i] = new VirtualMitMotor(joint.CanId, joint.Limits, joint.Direction * initialJointRad + joint.OffsetRad);
        }

        var adapter = new VirtualSlcanAdapter(clock, motors, VirtualSlcanAckStyle.Lawicel, seed: 1) { Joints = configured.Joints };
        var owned = new List<IDisposable> { adapter };
        try
        {
            adapter.Start();
            LinuxSerialPort port = LinuxSerialPort.Open(adapter.DevicePath, 1_000_000);
            owned.Insert(0, port);
            SlcanTransport transport = SlcanTransport.Open(port);
            // A generous reply timeout: only a missing motor ever waits for it (longer in lockstep, as above).
            var config = new MitMotorBusConfig { Joints = configured.Joints, ReplyTimeoutMs = group.CycleTimeoutMs ?? (realTime ? 50 : LockstepReplyTimeoutMs) };
            var bus = new MitMotorCanBus(transport, config, clock);
            owned.Insert(0, bus);
            var actuation = new SimulatedActuation(bus, adapter.TrueJointState, bus) { _realTime = realTime };
            actuation._owned.AddRange(owned);
            return actuation;
        }
        catch
        {
            foreach (IDisposable d in owned)
            {
                d.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IDisposable d in _owned)
        {
            d.Dispose();
        }
    }
}
