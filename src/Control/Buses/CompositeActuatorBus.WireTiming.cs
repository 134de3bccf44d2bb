using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Control.Buses;

/// <summary>Wire timing of a composite: its members' timelines, and the command's frame handed on to each member.</summary>
public sealed partial class CompositeActuatorBus
{
    /// <summary>Every member's timelines, in member order: a frame's command is on the wire once every member has written it.</summary>
    public IReadOnlyList<WireTimeline> WireTimelines => [.. _members.SelectMany(m => m.WireTimelines)];

    /// <summary>Gives the member scratch command the frame <paramref name="command"/> came from. Control thread; real-time safe.</summary>
    private void CarrySourceFrame(in JointCommand command)
    {
        _memberCommand.HasSourceFrame = command.HasSourceFrame;
        _memberCommand.SourceFrame = command.SourceFrame;
    }
}
