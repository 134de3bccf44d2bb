using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// A virtual servo chain on a real pseudo-terminal and a <see cref="SerialServoBus"/> on its device
/// side, opened with <see cref="LinuxSerialPort"/> at 1 Mbps (or the transport <c>portKind</c> names). Servo ids are 1…n; joint zero is the
/// servo's mid-range (offset π); directions alternate +1, −1 so that both mappings are exercised.
/// </summary>
internal sealed class ServoBusRig : IDisposable
{
    private ServoBusRig(PseudoTerminal pty, VirtualServoChain chain, SerialServoBus bus, ServoBusConfig config)
    {
        Pty = pty;
        Chain = chain;
        Bus = bus;
        Config = config;
    }

    public PseudoTerminal Pty { get; }

    public VirtualServoChain Chain { get; }

    public SerialServoBus Bus { get; }

    public ServoBusConfig Config { get; }

    /// <summary>The port the bus opened last, when <c>record</c> was set.</summary>
    public RecordingByteStream? Recorder { get; private set; }

    public static ServoBusRig Create(
        ServoProtocol protocol,
        int servoCount,
        IClock clock,
        int cycleTimeoutMs = 50,
        bool record = false,
        int baudRate = 1_000_000,
        VirtualServoChainOptions? options = null,
        SerialPortKind portKind = SerialPortKind.Termios,
        bool energize = true,
        Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var pty = PseudoTerminal.Open();
        var ids = new byte[servoCount];
        var joints = new ServoJoint[servoCount];
        for (int i = 0; i < servoCount; i++)
        {
            ids[i] = (byte)(i + 1);
            joints[i] = new ServoJoint(ids[i], Math.PI, i % 2 == 0 ? 1 : -1);
        }

        VirtualServoChain chain = protocol == ServoProtocol.DynamixelX
            ? new VirtualDynamixelChain(pty, clock, ids, options)
            : new VirtualFeetechChain(pty, clock, ids, options);
        var config = new ServoBusConfig
        {
            PortPath = pty.DevicePath,
            Protocol = protocol,
            BaudRate = baudRate,
            Joints = joints,
            CycleTimeoutMs = cycleTimeoutMs,
        };

        ServoBusRig? rig = null;
        var bus = new SerialServoBus(config, clock, () =>
        {
            IByteStream port = SerialPorts.Open(portKind, config.PortPath, config.BaudRate);
            if (!record)
            {
                return port;
            }

            var recorder = new RecordingByteStream(port);
            rig!.Recorder = recorder;
            return recorder;
        }, logger);
        rig = new ServoBusRig(pty, chain, bus, config);

        // Most tests are about the cycle once running; the ones about start-up pass energize: false.
        if (energize)
        {
            bus.Energize();
        }

        return rig;
    }

    /// <summary>True joint positions from the chain's ground truth, mapped with the bus's offsets and directions.</summary>
    public JointVector TrueJointPositions()
    {
        JointState truth = default;
        for (int attempt = 0; attempt < 1000 && !Chain.TrueState.TryPeekLatest(out truth); attempt++)
        {
            Thread.Sleep(1);
        }

        var joints = default(JointVector);
        for (int i = 0; i < Config.Joints.Count; i++)
        {
            joints[i] = Config.Joints[i].ToJointRad(truth.PositionsRad[i]);
        }

        return joints;
    }

    public void Dispose()
    {
        Bus.Dispose();
        Chain.Dispose();
        Pty.Dispose();
    }
}
