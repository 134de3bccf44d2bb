using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// Two virtual MIT motors (CAN ids 1 and 2) behind a virtual SLCAN adapter on a real
/// pseudo-terminal, opened through <see cref="LinuxSerialPort"/> and <see cref="SlcanTransport"/>,
/// driven by a <see cref="MitMotorCanBus"/>. Disposes everything it built.
/// </summary>
internal sealed class MitMotorCanRig : IDisposable
{
    /// <summary>Generous, because only a missing motor waits for it: two shared CPU cores may delay a reply by milliseconds.</summary>
    public const int ReplyTimeoutMs = 100;

    public MitMotorCanRig(IClock clock, VirtualSlcanAckStyle ackStyle, bool longReplies = false, bool energize = true,
        Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        Clock = clock;
        Motors = [new VirtualMitMotor(1, MitMotorLimits.CubeMarsAK80_9, longReplies: longReplies), new VirtualMitMotor(2, MitMotorLimits.CubeMarsAK80_9, longReplies: longReplies)];
        Adapter = new VirtualSlcanAdapter(clock, Motors, ackStyle, seed: 7);
        Adapter.Start();
        LinuxSerialPort port = LinuxSerialPort.Open(Adapter.DevicePath, 1_000_000);
        Transport = SlcanTransport.Open(port);
        Bus = new MitMotorCanBus(
            Transport,
            new MitMotorBusConfig
            {
                Joints = [new MitMotorJointConfig { CanId = 1 }, new MitMotorJointConfig { CanId = 2 }],
                ReplyTimeoutMs = ReplyTimeoutMs,
            },
            clock,
            logger: logger);

        // Most tests are about the running cycle; the ones about start-up pass energize: false.
        if (energize)
        {
            Bus.Energize();
        }
    }

    public IClock Clock { get; }

    public VirtualMitMotor[] Motors { get; }

    public VirtualSlcanAdapter Adapter { get; }

    public SlcanTransport Transport { get; }

    public MitMotorCanBus Bus { get; }

    /// <summary>Waits (bounded, liveness only) until the adapter has published a true state at or after <paramref name="timeNs"/>.</summary>
    public JointState WaitForTrueState(long timeNs)
    {
        long deadline = Environment.TickCount64 + 5_000;
        JointState state;
        while (!Adapter.TrueState.TryPeekLatest(out state) || state.TimestampNs < timeNs)
        {
            Assert.True(Environment.TickCount64 < deadline, "the virtual adapter stopped publishing its true state");
            Thread.Sleep(1);
        }

        return state;
    }

    public void Dispose()
    {
        Bus.Dispose();
        Adapter.Dispose();
    }
}
