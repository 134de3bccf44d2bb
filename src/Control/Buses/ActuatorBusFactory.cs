using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Drivers.Dynamixel.Registers;
using RobotEdge.Control.Drivers.Feetech.Registers;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Builds real actuator buses from a robot's resolved <see cref="BusLayout"/>: <c>dynamixel:</c> and
/// <c>feetech:</c> URIs become a <see cref="SerialServoBus"/>, <c>slcan:</c> and <c>socketcan:</c> a
/// <see cref="MitMotorCanBus"/>; several groups become a <see cref="CompositeActuatorBus"/>. Every
/// port is opened here, so a port that is missing, busy or not permitted fails the build with its
/// reason, and every bus is started on its own I/O thread, where it reads feedback but energises
/// nothing until <see cref="IActuatorBus.Energize"/>. Simulator URIs (<c>sim</c>, <c>sim-*</c>) are not built here:
/// the simulator lives in the host and plugs its virtual devices in through the config builders
/// below. Not real-time safe; call before the loop starts.
/// </summary>
public static class ActuatorBusFactory
{
    /// <summary>The log category of every bus this factory builds.</summary>
    public const string LogCategory = "RobotEdge.Control.Buses";

    /// <summary>Builds and starts the buses of <paramref name="layout"/>; one group gives that bus itself.</summary>
    /// <param name="layout">The robot's resolved buses.</param>
    /// <param name="clock">Stamps the measured states (the loop's clock).</param>
    /// <param name="loggers">Where the buses report port failures, hardware errors and the ports' notes at open (FTDI latency timer); null logs nothing.</param>
    /// <exception cref="ArgumentException">A group uses a simulator URI, or a baud rate the servos do not support.</exception>
    /// <exception cref="InvalidDataException">A CAN joint names a motor model the driver does not know.</exception>
    /// <exception cref="IOException">A serial port or CAN interface is missing, not permitted, or busy; the message names it and says why.</exception>
    public static IActuatorBus Create(BusLayout layout, IClock clock, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var members = new List<IActuatorBus>(layout.Groups.Count);
        try
        {
            foreach (BusGroupLayout group in layout.Groups)
            {
                members.Add(Create(group, clock, loggers));
            }
        }
        catch
        {
            foreach (IActuatorBus member in members)
            {
                member.Dispose();
            }

            throw;
        }

        return members.Count == 1
            ? members[0]
            : new CompositeActuatorBus(members, layout.Groups.Select(g => g.Joints.Select(j => j.JointIndex).ToArray()).ToList());
    }

    /// <summary>Builds the bus of one group, opens its port and starts its I/O thread (nothing energised).</summary>
    /// <exception cref="ArgumentException">The group uses a simulator URI, or a baud rate the servos do not support.</exception>
    /// <exception cref="InvalidDataException">A CAN joint names a motor model the driver does not know.</exception>
    /// <exception cref="IOException">The serial port or CAN interface is missing, not permitted, or busy.</exception>
    public static IActuatorBus Create(BusGroupLayout group, IClock clock, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(clock);
        ILogger? logger = loggers?.CreateLogger(LogCategory);
        BusUri uri = group.Uri;
        switch (uri.Scheme)
        {
            case BusScheme.Dynamixel:
            case BusScheme.Feetech:
            {
                ServoProtocol protocol = uri.Scheme == BusScheme.Dynamixel ? ServoProtocol.DynamixelX : ServoProtocol.FeetechSts3215;
                CheckServoBaudRate(protocol, uri.BaudRate);
                RequireDevice(uri.Port);
                var bus = new SerialServoBus(CreateServoConfig(group, protocol, uri.Port, uri.BaudRate, uri.PortKind), clock, logger);
                try
                {
                    // The first open belongs to the build: a busy or forbidden port fails here, with its reason.
                    bus.Connect();
                    bus.Start();
                }
                catch
                {
                    bus.Dispose();
                    throw;
                }

                return bus;
            }

            case BusScheme.Slcan:
            {
                RequireDevice(uri.Port);
                MitMotorBusConfig config = CreateMitMotorConfig(group);
                SlcanCodec.TryGetBitrate(uri.CanBitrate, out SlcanBitrate bitrate);
                string name = $"slcan:{uri.Port}";
                var options = new SerialPortOptions { Log = logger is null ? null : note => BusLog.PortNote(logger, name, note) };
                IByteStream port = SerialPorts.Open(uri.PortKind, uri.Port, uri.BaudRate, options);
                SlcanTransport transport;
                try
                {
                    transport = SlcanTransport.Open(port, new SlcanOptions { Bitrate = bitrate });
                }
                catch
                {
                    port.Dispose();
                    throw;
                }

                return StartCan(transport, config, clock, logger);
            }

            case BusScheme.SocketCan:
            {
                MitMotorBusConfig config = CreateMitMotorConfig(group);
                return StartCan(SocketCanTransport.Open(uri.Port), config, clock, logger);
            }

            default:
                throw new ArgumentException($"bus '{uri}' is a simulator bus; it drives only the simulator (robotedge sim), not a robot", nameof(group));
        }
    }

    /// <summary>
    /// The <see cref="SerialServoBus"/> configuration of a servo group, on <paramref name="portPath"/>
    /// (a real port, or a pseudo-terminal the simulator opened), opened with the transport
    /// <paramref name="portKind"/> names.
    /// </summary>
    public static ServoBusConfig CreateServoConfig(BusGroupLayout group, ServoProtocol protocol, string portPath, int baudRate, SerialPortKind portKind = SerialPortKind.Default)
    {
        ArgumentNullException.ThrowIfNull(group);
        var joints = new ServoJoint[group.Joints.Count];
        for (int i = 0; i < joints.Length; i++)
        {
            BusJointLayout joint = group.Joints[i];
            joints[i] = new ServoJoint((byte)joint.DeviceId, joint.OffsetRad, joint.Direction) { LowerRad = joint.LowerRad, UpperRad = joint.UpperRad };
        }

        var config = new ServoBusConfig
        {
            PortPath = portPath,
            PortKind = portKind,
            Protocol = protocol,
            BaudRate = baudRate,
            Joints = joints,
            PositionLeadMs = group.PositionLeadMs,
        };
        return group.CycleTimeoutMs is { } timeout ? CopyWithTimeout(config, timeout) : config;
    }

    /// <summary>
    /// The <see cref="MitMotorCanBus"/> configuration of a CAN motor group: each joint's motor ranges
    /// from its <c>motor</c> model (<see cref="MitMotorModels"/>) or its explicit <c>motorRanges</c>,
    /// <see cref="MitMotorModels.DefaultModel"/> when it gives neither; default gains.
    /// </summary>
    /// <exception cref="InvalidDataException">A joint names a model not in <see cref="MitMotorModels.Names"/>, or its ranges are not usable.</exception>
    public static MitMotorBusConfig CreateMitMotorConfig(BusGroupLayout group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var joints = new MitMotorJointConfig[group.Joints.Count];
        for (int i = 0; i < joints.Length; i++)
        {
            BusJointLayout joint = group.Joints[i];
            joints[i] = new MitMotorJointConfig
            {
                CanId = (uint)joint.DeviceId,
                OffsetRad = joint.OffsetRad,
                Direction = joint.Direction,
                Limits = MotorLimits(group.Uri, joint),
            };
        }

        return group.CycleTimeoutMs is { } timeout
            ? new MitMotorBusConfig { Joints = joints, ReplyTimeoutMs = timeout }
            : new MitMotorBusConfig { Joints = joints };
    }

    /// <summary>Checks that <paramref name="baudRate"/> is one the protocol's Baud Rate register can select.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void CheckServoBaudRate(ServoProtocol protocol, int baudRate)
    {
        bool known = protocol == ServoProtocol.DynamixelX
            ? XSeriesBaudRates.TryGetValue(baudRate, out _)
            : FeetechBaudRates.TryGetValue(baudRate, out _);
        if (!known)
        {
            throw new ArgumentException(protocol == ServoProtocol.DynamixelX
                ? $"{baudRate} bps is not a DYNAMIXEL X baud rate (9600, 57600, 115200, 1000000, 2000000, 3000000, 4000000, 4500000)"
                : $"{baudRate} bps is not an STS3215 baud rate (1000000, 500000, 250000, 128000, 115200, 76800, 57600, 38400)");
        }
    }

    private static ServoBusConfig CopyWithTimeout(ServoBusConfig c, int timeoutMs) => new()
    {
        PortPath = c.PortPath,
        PortKind = c.PortKind,
        Protocol = c.Protocol,
        BaudRate = c.BaudRate,
        Joints = c.Joints,
        PositionLeadMs = c.PositionLeadMs,
        CycleTimeoutMs = timeoutMs,
    };

    /// <summary>The firmware ranges of one CAN joint: explicit ranges, the named model, or the default model.</summary>
    private static MitMotorLimits MotorLimits(BusUri uri, BusJointLayout joint)
    {
        if (joint.MotorRanges is { } r)
        {
            try
            {
                return new MitMotorLimits(
                    (float)r.PositionMinRad, (float)r.PositionMaxRad, (float)r.VelocityMinRadPerS, (float)r.VelocityMaxRadPerS,
                    (float)r.KpMin, (float)r.KpMax, (float)r.KdMin, (float)r.KdMax, (float)r.TorqueMinNm, (float)r.TorqueMaxNm);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"bus {uri}, joint '{joint.Name}': motorRanges: {e.Message}", e);
            }
        }

        string model = joint.Motor ?? MitMotorModels.DefaultModel;
        if (!MitMotorModels.TryGet(model, out MitMotorLimits limits))
        {
            throw new InvalidDataException(
                $"bus {uri}, joint '{joint.Name}': motor '{model}' is not a known MIT motor model (known: {string.Join(", ", MitMotorModels.Names)}); " +
                "name one of them, or give \"motorRanges\" with your motor's firmware ranges");
        }

        return limits;
    }

    private static MitMotorCanBus StartCan(ICanTransport transport, MitMotorBusConfig config, IClock clock, ILogger? logger)
    {
        MitMotorCanBus bus;
        try
        {
            bus = new MitMotorCanBus(transport, config, clock, logger: logger);
        }
        catch
        {
            transport.Dispose();
            throw;
        }

        bus.Start();
        return bus;
    }

    /// <summary>Fails early on a device path that does not exist; Windows COM names are not files, so there the first open reports it.</summary>
    private static void RequireDevice(string path)
    {
        if (!OperatingSystem.IsWindows() && !File.Exists(path))
        {
            throw new IOException($"serial port {path} does not exist (is the adapter plugged in? list them with: ls -l /dev/serial/by-id/)");
        }
    }
}
