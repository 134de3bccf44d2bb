using System.Diagnostics;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Sim.Benchmarks;

/// <summary>
/// Measures a <see cref="SerialServoBus"/> end to end against a virtual servo chain on a real
/// pseudo-terminal: bus cycles per second on the I/O thread, and what the control thread pays per
/// Write + TryRead. A pseudo-terminal moves bytes at memory speed, so the baud rate is configured
/// but does not throttle the result: the figures show the software's ceiling (syscalls, thread
/// hand-offs, codec), not a real line's. The serial transport is a parameter, so termios and
/// System.IO.Ports are compared on the same set-up, allocation included. Lives in the simulator because it needs the virtual
/// devices; the CLI's <c>bench bus</c> calls it.
/// </summary>
public static class BusBenchmark
{
    /// <summary>Longest run the sample buffer is sized for at one control call per millisecond.</summary>
    private const int MaxSamples = 1_000_000;

    /// <summary>
    /// Sets up <paramref name="servoCount"/> virtual servos on a pseudo-terminal, a bus with its I/O
    /// thread on the device side at <paramref name="baudRate"/>, and a control thread (the caller)
    /// calling Write + TryRead about once per millisecond for <paramref name="duration"/>. Blocking
    /// for <paramref name="duration"/> plus set-up; allocates; never from the control loop.
    /// </summary>
    /// <param name="servoCount">Servos on the chain, 1–8.</param>
    /// <param name="baudRate">Baud rate to configure, bits per second, &gt; 0 (e.g. 1,000,000 or 4,000,000).</param>
    /// <param name="duration">How long to measure, &gt; 0 and at most 15 minutes.</param>
    /// <param name="protocol">Protocol of bus and servos; Dynamixel Protocol 2.0 by default.</param>
    /// <param name="portKind">Serial transport the bus opens the device side with; termios by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the ranges above.</exception>
    /// <exception cref="SerialPortException">No pseudo-terminal could be opened, or the baud rate was refused.</exception>
    public static BusBenchmarkResult Run(
        int servoCount, int baudRate, TimeSpan duration, ServoProtocol protocol = ServoProtocol.DynamixelX, SerialPortKind portKind = SerialPortKind.Termios)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servoCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(servoCount, JointVector.Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(baudRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromMinutes(15));

        IClock clock = MonotonicClock.Instance;
        var ids = new byte[servoCount];
        var joints = new ServoJoint[servoCount];
        for (int i = 0; i < servoCount; i++)
        {
            ids[i] = (byte)(i + 1);
            joints[i] = new ServoJoint(ids[i], Math.PI, 1);
        }

        using PseudoTerminal pty = PseudoTerminal.Open();
        using VirtualServoChain chain = protocol == ServoProtocol.DynamixelX
            ? new VirtualDynamixelChain(pty, clock, ids)
            : new VirtualFeetechChain(pty, clock, ids);
        var config = new ServoBusConfig { PortPath = pty.DevicePath, PortKind = portKind, Protocol = protocol, BaudRate = baudRate, Joints = joints };
        using var bus = new SerialServoBus(config, clock);
        bus.Energize();
        bus.Start();

        var command = new JointCommand { JointCount = servoCount };
        var state = default(JointState);
        var samples = new long[MaxSamples];
        int count = 0;

        // Warm-up: JIT, port open, first cycles.
        for (int i = 0; i < 100 || bus.CycleCount < 10; i++)
        {
            bus.Write(command);
            bus.TryRead(ref state);
            Thread.Sleep(1);
        }

        long cyclesStart = bus.CycleCount;
        long threadBytesStart = GC.GetAllocatedBytesForCurrentThread();
        long processBytesStart = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end && count < MaxSamples)
        {
            command.PositionsRad[count % servoCount] = 0.1 * Math.Sin(count * 1e-3);
            long before = Stopwatch.GetTimestamp();
            bus.Write(command);
            bus.TryRead(ref state);
            samples[count++] = Stopwatch.GetTimestamp() - before;
            Thread.Sleep(1);
        }

        double elapsedS = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long cycles = bus.CycleCount - cyclesStart;
        long threadBytes = GC.GetAllocatedBytesForCurrentThread() - threadBytesStart;
        long processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBytesStart;
        Span<long> measured = samples.AsSpan(0, count);
        double sum = 0;
        foreach (long ticks in measured)
        {
            sum += ticks;
        }

        measured.Sort();
        double usPerTick = 1e6 / Stopwatch.Frequency;
        double meanUs = count == 0 ? 0 : sum / count * usPerTick;
        double p99Us = count == 0 ? 0 : measured[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)] * usPerTick;
        return new BusBenchmarkResult(
            protocol, servoCount, baudRate, TimeSpan.FromSeconds(elapsedS), cycles, cycles / elapsedS,
            count, meanUs, p99Us, bus.CrcErrors, bus.MissedReplies)
        {
            Transport = SerialPorts.Resolve(portKind),
            ControlThreadBytesPerCall = count == 0 ? 0 : (double)threadBytes / count,
            ProcessBytesPerCycle = cycles == 0 ? 0 : (double)processBytes / cycles,
        };
    }
}
