using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Wire timing: when each Sync Write of Goal Position completed, for the run's capture → wire latency
/// and the interval between goal writes, and whether the I/O thread got real-time scheduling.
/// </summary>
/// <remarks>
/// "Completed" is when the port's <c>Write</c> returned: every byte of the Sync Write accepted by the
/// kernel's tty layer (<c>write(2)</c> on the termios port and on a pseudo-terminal; no
/// <c>tcdrain</c>, which would hold the bus cycle for the whole transmission). On a USB adapter the
/// bytes leave after at most the adapter's latency timer plus their transmit time (about 10 µs per
/// byte at 1 Mbit/s); the feedback read that follows in the same cycle cannot start before that.
/// </remarks>
public sealed partial class SerialServoBus
{
    /// <summary>Cycle thread → telemetry: one record per Sync Write of goals.</summary>
    private readonly WireTimeline _wireTimeline;

    /// <summary>The bus's goal writes as its cycle thread saw them complete. Drained by one telemetry thread.</summary>
    public IReadOnlyList<WireTimeline> WireTimelines => [_wireTimeline];

    private static WireTimeline CreateWireTimeline(ServoBusConfig config) => new($"servo-bus {config.PortPath}");

    /// <summary>The I/O thread's first act: SCHED_FIFO at the control loop's priority when permitted, and the outcome recorded.</summary>
    private void ElevateIoThread() =>
        _wireTimeline.SetIoThreadRealtime(RealtimeScheduling.TryElevateCurrentThread(RealtimeScheduling.BusIoPriority));

    /// <summary>Records the Sync Write of goals that just returned from the port. Cycle thread; real-time safe.</summary>
    private void RecordGoalsOnWire() => _wireTimeline.RecordGoalWrite(_command, MonotonicClock.GetTimestampNs());
}
