using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.Dynamixel.Registers;
using RobotEdge.Control.Tests.Safety;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Actuators;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// Failures reach people: fault texts for the console, log lines on change (never per cycle), the
/// first port open failing the build with its reason, FTDI latency notes in the log, and an
/// unexpected exception on the I/O thread exposed as <see cref="IActuatorBus.IoFailure"/>.
/// </summary>
public sealed class BusFaultReportingTests
{
    private const int EventuallyMs = 20_000;

    [Fact]
    public void Hardware_error_text_is_returned_and_logged_once_per_change()
    {
        var logger = new ListLogger();
        using ServoBusRig rig = ServoBusRig.Create(ServoProtocol.DynamixelX, 2, new LockstepClock(), cycleTimeoutMs: 100, logger: logger);
        Assert.True(rig.Bus.PumpCycle());
        Assert.Null(rig.Bus.JointFaultText(0));
        Assert.Null(rig.Bus.JointFaultText(1));

        rig.Chain.SetHardwareError(2, (byte)(HardwareErrorStatus.Overload | HardwareErrorStatus.Overheating));
        for (int i = 0; i < 20; i++)
        {
            rig.Bus.PumpCycle();
        }

        Assert.True(rig.Bus.TryGetFault(1, out JointFault fault));
        Assert.Equal($"hardware error: {fault.HardwareErrorText}", rig.Bus.JointFaultText(1));
        Assert.Contains("overload", rig.Bus.JointFaultText(1), StringComparison.Ordinal);
        Assert.Null(rig.Bus.JointFaultText(0));
        (int Id, LogLevel Level, string Text) line = Assert.Single(logger.Lines, l => l.Id == 5304);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("joint 1 (id 2)", line.Text, StringComparison.Ordinal);
        Assert.Contains(fault.HardwareErrorText, line.Text, StringComparison.Ordinal);

        rig.Chain.SetHardwareError(2, 0);
        for (int i = 0; i < 20; i++)
        {
            rig.Bus.PumpCycle();
        }

        Assert.Null(rig.Bus.JointFaultText(1));
        Assert.Single(logger.Lines, l => l.Id == 5305);
        Assert.Single(logger.Lines, l => l.Id == 5304);
    }

    [Fact]
    public void A_silent_servo_is_not_answering()
    {
        using ServoBusRig rig = ServoBusRig.Create(ServoProtocol.FeetechSts3215, 2, new LockstepClock(), cycleTimeoutMs: 20);
        Assert.True(rig.Bus.PumpCycle());
        rig.Chain.SetPresent(1, false);
        for (int i = 0; i < rig.Config.MissedRepliesForFault; i++)
        {
            rig.Bus.PumpCycle();
        }

        Assert.Equal($"not answering (id 1, {rig.Config.MissedRepliesForFault} replies missed)", rig.Bus.JointFaultText(0));
        Assert.Null(rig.Bus.JointFaultText(1));
    }

    [Fact]
    public void Port_open_failures_are_logged_once_per_reason_and_named_in_the_fault_text()
    {
        var clock = MonotonicClock.Instance;
        using PseudoTerminal pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, clock, [1]);
        var logger = new ListLogger();
        var config = new ServoBusConfig
        {
            PortPath = pty.DevicePath,
            Protocol = ServoProtocol.DynamixelX,
            Joints = [new ServoJoint(1, Math.PI, 1)],
            CycleTimeoutMs = 50,
            ReconnectIntervalMs = 1,
        };
        int attempts = 0;
        using var bus = new SerialServoBus(config, clock, () => ++attempts switch
        {
            <= 6 => throw new IOException("permission denied opening /dev/ttyUSB9"),
            <= 12 => throw new IOException("/dev/ttyUSB9 is busy"),
            _ => LinuxSerialPort.Open(pty.DevicePath, config.BaudRate),
        }, logger);

        while (attempts < 6)
        {
            Assert.False(bus.PumpCycle());
            Thread.Sleep(2);
        }

        Assert.Equal(1, bus.FaultedJointMask);
        Assert.Equal("not answering: the port is closed (permission denied opening /dev/ttyUSB9)", bus.JointFaultText(0));
        long deadline = Environment.TickCount64 + EventuallyMs;
        while (!bus.PumpCycle())
        {
            Assert.True(Environment.TickCount64 < deadline, "the port never opened");
            Thread.Sleep(2);
        }

        Assert.Equal(13, attempts);
        string[] failures = [.. logger.Lines.Where(l => l.Id == 5301).Select(l => l.Text)];
        Assert.Equal(2, failures.Length);
        Assert.Contains("permission denied", failures[0], StringComparison.Ordinal);
        Assert.Contains("busy", failures[1], StringComparison.Ordinal);
        Assert.Contains("after 12 failed attempt(s)", Assert.Single(logger.Lines, l => l.Id == 5302).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_open_happens_at_build_a_busy_port_fails_it_with_its_reason()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort holder = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);

        SerialPortException e = Assert.Throws<SerialPortException>(() => ActuatorBusFactory.Create(Group($"dynamixel:{pty.DevicePath}@1000000"), MonotonicClock.Instance));

        Assert.Equal(SerialPortError.Busy, e.Error);
        Assert.Contains(pty.DevicePath, e.Message, StringComparison.Ordinal);
        Assert.Contains("busy", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void The_first_open_happens_at_build_a_file_that_is_not_a_serial_port_fails_it()
    {
        string file = Path.Combine(Path.GetTempPath(), $"robotedge-not-a-tty-{Guid.NewGuid():N}");
        File.WriteAllText(file, "");
        try
        {
            SerialPortException e = Assert.Throws<SerialPortException>(() => ActuatorBusFactory.Create(Group($"feetech:{file}@1000000"), MonotonicClock.Instance));

            Assert.Equal(SerialPortError.NotATerminal, e.Error);
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Ftdi_latency_timer_notes_go_to_the_bus_log()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        DirectoryInfo sysfs = Directory.CreateTempSubdirectory("robotedge-sysfs-");
        try
        {
            // What the ftdi_sio driver exposes for the device: /sys/class/tty/<name>/device/latency_timer.
            string device = Path.Combine(sysfs.FullName, Path.GetFileName(pty.DevicePath), "device");
            Directory.CreateDirectory(device);
            string timer = Path.Combine(device, "latency_timer");
            File.WriteAllText(timer, "16\n");
            var logger = new ListLogger();
            var config = new ServoBusConfig { PortPath = pty.DevicePath, Protocol = ServoProtocol.DynamixelX, Joints = [new ServoJoint(1, Math.PI, 1)] };
            using var bus = new SerialServoBus(config, MonotonicClock.Instance, logger, new SerialPortOptions { SysfsTtyClassPath = sysfs.FullName });

            bus.Connect();

            Assert.Equal("1", File.ReadAllText(timer).Trim());
            (int Id, LogLevel Level, string Text) note = Assert.Single(logger.Lines, l => l.Id == 5306);
            Assert.Contains("FTDI latency timer set from 16 ms to 1 ms", note.Text, StringComparison.Ordinal);
            Assert.StartsWith($"dynamixel bus {pty.DevicePath}: ", note.Text, StringComparison.Ordinal);
        }
        finally
        {
            sysfs.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_unexpected_exception_ends_the_io_thread_and_is_exposed_as_IoFailure()
    {
        var clock = MonotonicClock.Instance;
        using PseudoTerminal pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, clock, [1, 2]);
        var logger = new ListLogger();
        var config = new ServoBusConfig
        {
            PortPath = pty.DevicePath,
            Protocol = ServoProtocol.DynamixelX,
            Joints = [new ServoJoint(1, Math.PI, 1), new ServoJoint(2, Math.PI, 1)],
            CycleTimeoutMs = 50,
        };
        var failure = new InvalidOperationException("a bug in the cycle");
        FailingStream? stream = null;
        using var bus = new SerialServoBus(config, clock, () => stream = new FailingStream(LinuxSerialPort.Open(pty.DevicePath, config.BaudRate), readsBeforeFailure: 200, failure), logger);
        bus.Connect();
        bus.Energize();
        bus.Start();

        // The bus cycles normally until the fault is armed: how many cycles ran before the test thread got
        // here depends on the machine's load, so the fault waits for the test, not for a read count.
        long warmDeadline = Environment.TickCount64 + EventuallyMs;
        while (Volatile.Read(ref stream) is not { Reads: >= 20 })
        {
            Assert.True(Environment.TickCount64 < warmDeadline, "the bus never read its port");
            Thread.Sleep(2);
        }

        Assert.Null(bus.IoFailure);
        stream!.Arm();

        long deadline = Environment.TickCount64 + EventuallyMs;
        while (bus.IoFailure is null)
        {
            Assert.True(Environment.TickCount64 < deadline, "the failure never surfaced");
            Thread.Sleep(2);
        }

        Assert.Same(failure, bus.IoFailure);
        Assert.Equal(0b11, bus.FaultedJointMask);
        Assert.Contains("a bug in the cycle", Assert.Single(logger.Lines, l => l.Id == 5307).Text, StringComparison.Ordinal);

        // The composite passes it on.
        var memory = new SimulatedActuatorBus(clock, [-1.0], [1.0], [1.0], 0.05, [0.0]);
        var composite = new CompositeActuatorBus([memory, bus], [[2], [0, 1]]);
        Assert.Same(failure, composite.IoFailure);
        Assert.Null(composite.JointFaultText(2));
    }

    [Fact]
    public void Mit_motor_bus_io_thread_failure_is_exposed_and_faults_every_joint()
    {
        var clock = MonotonicClock.Instance;
        VirtualMitMotor[] motors = [new VirtualMitMotor(1, RobotEdge.Control.Drivers.MitMotor.MitMotorLimits.CubeMarsAK80_9)];
        using var adapter = new VirtualSlcanAdapter(clock, motors, VirtualSlcanAckStyle.Lawicel, seed: 5);
        adapter.Start();
        var failure = new InvalidOperationException("a bug in the CAN cycle");
        var transport = new FailingCanTransport(
            RobotEdge.Bus.Transports.Can.SlcanTransport.Open(LinuxSerialPort.Open(adapter.DevicePath, 1_000_000)), receivesBeforeFailure: 300, failure);
        var logger = new ListLogger();
        using var bus = new MitMotorCanBus(transport, new MitMotorBusConfig { Joints = [new MitMotorJointConfig { CanId = 1 }], ReplyTimeoutMs = 50 }, clock, logger: logger);
        bus.Energize();
        bus.Start();

        long deadline = Environment.TickCount64 + EventuallyMs;
        while (bus.IoFailure is null)
        {
            Assert.True(Environment.TickCount64 < deadline, "the failure never surfaced");
            Thread.Sleep(2);
        }

        Assert.Same(failure, bus.IoFailure);
        Assert.Equal(1, bus.FaultedJointMask);
        Assert.StartsWith("not answering (motor 0x01", bus.JointFaultText(0), StringComparison.Ordinal);
        Assert.Contains("a bug in the CAN cycle", Assert.Single(logger.Lines, l => l.Id == 5307).Text, StringComparison.Ordinal);
    }

    private static BusGroupLayout Group(string uri) =>
        new(BusUri.Parse(uri), [new BusJointLayout("j1", 0, 1, Math.PI, 1, -2, 2, 3)], cycleTimeoutMs: null, positionLeadMs: 0);

    /// <summary>A real CAN transport that throws a non-I/O exception after some receives: fault injection for the MIT bus's barrier.</summary>
    private sealed class FailingCanTransport(RobotEdge.Bus.Transports.Can.ICanTransport inner, int receivesBeforeFailure, Exception failure)
        : RobotEdge.Bus.Transports.Can.ICanTransport
    {
        private int _receives;

        public bool TrySend(in RobotEdge.Bus.Transports.Can.CanFrame frame) => inner.TrySend(frame);

        public bool TryReceive(out RobotEdge.Bus.Transports.Can.CanFrame frame, int timeoutMs) =>
            ++_receives > receivesBeforeFailure ? throw failure : inner.TryReceive(out frame, timeoutMs);

        public void Dispose() => inner.Dispose();
    }

    /// <summary>
    /// A real port that throws a non-I/O exception once armed and <c>readsBeforeFailure</c> reads later:
    /// fault injection for the I/O thread's barrier.
    /// </summary>
    private sealed class FailingStream(IByteStream inner, int readsBeforeFailure, Exception failure) : IByteStream
    {
        private int _reads;
        private int _readsWhenArmed = -1;

        /// <summary>Reads so far (any thread).</summary>
        public int Reads => Volatile.Read(ref _reads);

        /// <summary>From now, <c>readsBeforeFailure</c> more reads pass, then every read throws.</summary>
        public void Arm() => Volatile.Write(ref _readsWhenArmed, Reads);

        public int Read(Span<byte> buffer, int timeoutMs)
        {
            int reads = Interlocked.Increment(ref _reads);
            int armedAt = Volatile.Read(ref _readsWhenArmed);
            return armedAt >= 0 && reads > armedAt + readsBeforeFailure ? throw failure : inner.Read(buffer, timeoutMs);
        }

        public int Write(ReadOnlySpan<byte> data) => inner.Write(data);

        public void Dispose() => inner.Dispose();
    }
}
