using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Drivers.Dynamixel.Registers;
using RobotEdge.Control.Drivers.Feetech.Registers;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Builds real actuator buses from a robot's resolved <see cref="BusLayout"/>: <c>dynamixel:</c> and
/// <c>feetech:</c> URIs become a <see cref="SerialServoBus"/>, <c>slcan:</c> and <c>socketcan:</c> a
/// <see cref="MitMotorCanBus"/>; several groups become a <see cref="CompositeActuatorBus"/>. Every
/// bus is started on its own I/O thread. Simulator URIs (<c>sim</c>, <c>sim-*</c>) are not built here:
/// the simulator lives in the host and plugs its virtual devices in through the config builders
/// below. Not real-time safe; call before the loop starts.
/// </summary>
public static class ActuatorBusFactory
{
    /// <summary>Builds and starts the buses of <paramref name="layout"/>; one group gives that bus itself.</summary>
    /// <exception cref="ArgumentException">A group uses a simulator URI, or a baud rate the servos do not support.</exception>
    /// <exception cref="IOException">A serial port or CAN interface is missing, not permitted, or busy.</exception>
    public static IActuatorBus Create(BusLayout layout, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var members = new List<IActuatorBus>(layout.Groups.Count);
        try
        {
            foreach (BusGroupLayout group in layout.Groups)
            {
                members.Add(Create(group, clock));
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

    /// <summary>Builds and starts the bus of one group.</summary>
    /// <exception cref="ArgumentException">The group uses a simulator URI, or a baud rate the servos do not support.</exception>
    /// <exception cref="IOException">The serial port or CAN interface is missing, not permitted, or busy.</exception>
    public static IActuatorBus Create(BusGroupLayout group, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(clock);
        BusUri uri = group.Uri;
        switch (uri.Scheme)
        {
            case BusScheme.Dynamixel:
            case BusScheme.Feetech:
            {
                ServoProtocol protocol = uri.Scheme == BusScheme.Dynamixel ? ServoProtocol.DynamixelX : ServoProtocol.FeetechSts3215;
                CheckServoBaudRate(protocol, uri.BaudRate);
                RequireDevice(uri.Port);
                var bus = new SerialServoBus(CreateServoConfig(group, protocol, uri.Port, uri.BaudRate, uri.PortKind), clock);
                bus.Start();
                return bus;
            }

            case BusScheme.Slcan:
            {
                RequireDevice(uri.Port);
                SlcanCodec.TryGetBitrate(uri.CanBitrate, out SlcanBitrate bitrate);
                IByteStream port = SerialPorts.Open(uri.PortKind, uri.Port, uri.BaudRate);
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

                return StartCan(transport, group, clock);
            }

            case BusScheme.SocketCan:
                return StartCan(SocketCanTransport.Open(uri.Port), group, clock);

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

    /// <summary>The <see cref="MitMotorCanBus"/> configuration of a CAN motor group (default motor preset and gains).</summary>
    public static MitMotorBusConfig CreateMitMotorConfig(BusGroupLayout group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var joints = new MitMotorJointConfig[group.Joints.Count];
        for (int i = 0; i < joints.Length; i++)
        {
            BusJointLayout joint = group.Joints[i];
            joints[i] = new MitMotorJointConfig { CanId = (uint)joint.DeviceId, OffsetRad = joint.OffsetRad, Direction = joint.Direction };
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

    private static MitMotorCanBus StartCan(ICanTransport transport, BusGroupLayout group, IClock clock)
    {
        MitMotorCanBus bus;
        try
        {
            bus = new MitMotorCanBus(transport, CreateMitMotorConfig(group), clock);
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
