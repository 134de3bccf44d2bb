using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.Sim.Actuators;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// The simulated robot's actuators as the control loop sees them, chosen by the robot's <c>bus</c>:
/// <list type="bullet">
/// <item><c>sim</c>: in-memory simulated joints;</item>
/// <item><c>sim-slcan</c>: virtual MIT-mode CAN motors behind a virtual SLCAN adapter on a real
/// pseudo-terminal, driven through the serial port, SLCAN and MIT codecs exactly as real ones.</item>
/// </list>
/// Owns everything it builds. <see cref="TrueState"/> is what the simulated camera renders from.
/// </summary>
public sealed class SimulatedActuation : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly MitMotorCanBus? _canBus;

    private SimulatedActuation(IActuatorBus bus, LatestMailbox<JointState> trueState, MitMotorCanBus? canBus)
    {
        Bus = bus;
        TrueState = trueState;
        _canBus = canBus;
    }

    /// <summary>The bus the control loop drives.</summary>
    public IActuatorBus Bus { get; }

    /// <summary>The joints' true state, for the camera and the reports.</summary>
    public LatestMailbox<JointState> TrueState { get; }

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
    }

    /// <summary>Builds the actuators for bus <paramref name="spec"/>.</summary>
    public static SimulatedActuation Create(string spec, IClock clock, bool realTime, JointLimitSet limits, double timeConstantS, double[] initialRad)
    {
        switch (spec.Trim().ToLowerInvariant())
        {
            case "sim":
            {
                var bus = new SimulatedActuatorBus(clock, limits.LowerRad, limits.UpperRad, limits.MaxVelocityRadPerS, timeConstantS, initialRad);
                var actuation = new SimulatedActuation(bus, bus.TrueState, null);
                actuation._owned.Add(bus);
                return actuation;
            }

            case "sim-slcan":
                return CreateSlcan(clock, realTime, limits.Count, initialRad);

            default:
                throw new InvalidDataException(
                    $"bus '{spec}' cannot drive the simulator (expected sim or sim-slcan); real buses are chosen with a device URI on a real robot");
        }
    }

    private static SimulatedActuation CreateSlcan(IClock clock, bool realTime, int joints, double[] initialRad)
    {
        var motors = new VirtualMitMotor[joints];
        var jointConfigs = new MitMotorJointConfig[joints];
        for (int i = 0; i < joints; i++)
        {
            uint canId = (uint)(i + 1);
            motors[i] = new VirtualMitMotor(canId, MitMotorLimits.CubeMarsAK80_9, i < initialRad.Length ? initialRad[i] : 0);
            jointConfigs[i] = new MitMotorJointConfig { CanId = canId };
        }

        var adapter = new VirtualSlcanAdapter(clock, motors, VirtualSlcanAckStyle.Lawicel, seed: 1);
        adapter.Start();
        LinuxSerialPort port = LinuxSerialPort.Open(adapter.DevicePath, 1_000_000);
        SlcanTransport transport = SlcanTransport.Open(port);
        // A generous reply timeout: only a missing motor ever waits for it.
        var bus = new MitMotorCanBus(transport, new MitMotorBusConfig { Joints = jointConfigs, ReplyTimeoutMs = 50 }, clock);
        if (realTime)
        {
            bus.Start();
        }

        var actuation = new SimulatedActuation(bus, adapter.TrueState, bus);
        actuation._owned.Add(bus);
        actuation._owned.Add(port);
        actuation._owned.Add(adapter);
        return actuation;
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
