using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Sim.Actuators;

/// <summary>
/// Wire timing of the in-memory joints: there is no wire, so a command is "on the wire" when
/// <see cref="Write"/> has applied it (on the control thread, which has no separate I/O thread).
/// </summary>
public sealed partial class SimulatedActuatorBus
{
    /// <summary>Control thread → telemetry: one record per write.</summary>
    private readonly WireTimeline _wireTimeline = new("sim bus (in memory)");

    /// <summary>The writes as the control thread applied them. Drained by one telemetry thread.</summary>
    public IReadOnlyList<WireTimeline> WireTimelines => [_wireTimeline];

    /// <summary>Records the write just applied. Control thread; real-time safe.</summary>
    private void RecordWrite(in JointCommand command) => _wireTimeline.RecordGoalWrite(command, MonotonicClock.GetTimestampNs());
}
