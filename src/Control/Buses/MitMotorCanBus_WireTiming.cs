using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Wire timing: when each cycle's command frames were all sent, for the run's capture → wire latency
/// and the interval between goal writes, and whether the I/O thread got real-time scheduling.
/// </summary>
/// <remarks>
/// "Sent" is when the transport's send of the cycle's last command frame returned: on SLCAN, the
/// serial <c>write(2)</c> of its ASCII line accepted by the kernel's tty layer (the adapter then puts
/// it on the bus); on SocketCAN, the frame queued in the socket's transmit queue (the kernel hands it
/// to the controller; a full queue is a send failure, not a wait).
/// </remarks>
public sealed partial class MitMotorCanBus
{
    /// <summary>Cycle → telemetry: one record per cycle that sent commands.</summary>
    private readonly WireTimeline _wireTimeline = new("mit-can-bus");

    /// <summary>The bus's command writes as its cycle saw them complete. Drained by one telemetry thread.</summary>
    public IReadOnlyList<WireTimeline> WireTimelines => [_wireTimeline];

    /// <summary>The I/O thread's first act: SCHED_FIFO at the control loop's priority when permitted, and the outcome recorded.</summary>
    private void ElevateIoThread() =>
        _wireTimeline.SetIoThreadRealtime(RealtimeScheduling.TryElevateCurrentThread(RealtimeScheduling.BusIoPriority));

    /// <summary>Records that every motor's frame of <paramref name="command"/> has just been sent. Cycle only; real-time safe.</summary>
    private void RecordCommandsOnWire(in JointCommand command) =>
        _wireTimeline.RecordGoalWrite(command, MonotonicClock.GetTimestampNs());
}
