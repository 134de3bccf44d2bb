using RobotEdge.Bus.Faults;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// What a real-time run shows of its liveness to threads outside it (the service host's readiness
/// wait, the systemd watchdog): counters the robot's threads advance, and the first fault a thread
/// barrier caught. Each counter has one writer (the thread named on it) and any number of readers;
/// readers see a value at most one write old, which is all a liveness check needs.
/// </summary>
public sealed class LoopHeartbeat : IFaultReporter
{
    /// <summary>Control ticks completed (commands written to the bus); written only by the control thread.</summary>
    private long _controlTicks;

    /// <summary>Passes of the compute thread's loop (a frame processed, or an idle wait for one ended); written only by the compute thread.</summary>
    private long _computePasses;

    /// <summary>Frames perception and planning finished; written only by the compute thread.</summary>
    private long _framesComputed;

    /// <summary>The first fault a robot thread's barrier caught; set once, never cleared.</summary>
    private RunFault? _fault;

    /// <summary>Control ticks completed so far.</summary>
    public long ControlTicks => Volatile.Read(ref _controlTicks);

    /// <summary>Passes of the compute thread's loop so far: advances every ≤ 20 ms while the thread is alive, idle or busy.</summary>
    public long ComputePasses => Volatile.Read(ref _computePasses);

    /// <summary>Frames the compute stage finished so far.</summary>
    public long FramesComputed => Volatile.Read(ref _framesComputed);

    /// <summary>Whether the loop is running: the control loop has written a command and the compute stage has finished a frame.</summary>
    public bool IsRunning => ControlTicks > 0 && FramesComputed > 0;

    /// <summary>The first fault a robot thread's barrier caught, or null.</summary>
    public RunFault? Fault => Volatile.Read(ref _fault);

    /// <summary>Counts a control tick. Real-time: control thread only; no allocation, no lock.</summary>
    internal void ControlTicked() => Volatile.Write(ref _controlTicks, _controlTicks + 1);

    /// <summary>Counts a pass of the compute loop. Real-time: compute thread only; no allocation, no lock.</summary>
    internal void ComputePassed() => Volatile.Write(ref _computePasses, _computePasses + 1);

    /// <summary>Counts a finished frame. Real-time: compute thread only; no allocation, no lock.</summary>
    internal void FrameComputed() => Volatile.Write(ref _framesComputed, _framesComputed + 1);

    /// <summary>Records <paramref name="fault"/> unless an earlier one is recorded; returns whether it was the first. Off the hot path (a thread is ending).</summary>
    internal bool RecordFault(RunFault fault) => Interlocked.CompareExchange(ref _fault, fault, null) is null;

    /// <inheritdoc />
    public void ReportFault(string thread, Exception exception) => RecordFault(new RunFault(thread, exception));
}
