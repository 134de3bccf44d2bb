using RobotEdge.Bus.Messages;

namespace RobotEdge.Control.Safety;

/// <summary>
/// One safety event with the state at the time, written by the control thread into an SPSC ring and
/// logged by another thread (the control thread never logs). A plain unmanaged struct.
/// </summary>
public struct SafetyEvent
{
    /// <summary>What happened.</summary>
    public SafetyEventKind Kind;

    /// <summary>Index of the control tick it happened on (0 = the first tick).</summary>
    public long Tick;

    /// <summary>Time of the tick on the loop's clock, nanoseconds.</summary>
    public long TimestampNs;

    /// <summary>The mode after the event.</summary>
    public SafetyMode Mode;

    /// <summary>The stop causes holding after the event.</summary>
    public StopCauses Causes;

    /// <summary>The actuator bus's fault mask on that tick.</summary>
    public int FaultMask;

    /// <summary>A figure that depends on <see cref="Kind"/> (its documentation says which); 0 otherwise.</summary>
    public long Detail;

    /// <summary>Measured joint state on that tick (positions rad, velocities rad/s).</summary>
    public JointState State;

    /// <summary>Commanded velocity per joint on the tick before the event, rad/s.</summary>
    public JointVector CommandedVelocitiesRadPerS;
}
