using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Control.Tests.Safety;

/// <summary>
/// Wraps a real bus (the simulator's) and lets a test raise its fault mask or withhold its feedback,
/// as a servo that stops answering would. Commands always reach the wrapped bus.
/// </summary>
internal sealed class FaultInjectingBus(IActuatorBus inner) : IActuatorBus
{
    /// <summary>The fault mask to report.</summary>
    public int InjectedFaultMask { get; set; }

    /// <summary>While true, TryRead reports no fresh feedback (and leaves the state unchanged).</summary>
    public bool WithholdFeedback { get; set; }

    public int JointCount => inner.JointCount;

    public int FaultedJointMask => InjectedFaultMask | inner.FaultedJointMask;

    public bool TryRead(ref JointState state)
    {
        if (WithholdFeedback)
        {
            JointState discard = state;
            inner.TryRead(ref discard); // The simulated joints keep moving; the loop just does not hear of it.
            return false;
        }

        return inner.TryRead(ref state);
    }

    public void Write(in JointCommand command) => inner.Write(command);

    public void Dispose() => inner.Dispose();
}
