namespace RobotEdge.RobotModel.Config;

/// <summary>One resolved actuator bus: its parsed URI and its joints, in bus order, with every default filled in.</summary>
public sealed class BusGroupLayout
{
    /// <summary>Creates a group; <see cref="BusLayout.Resolve"/> is the checked way to get one.</summary>
    public BusGroupLayout(BusUri uri, IReadOnlyList<BusJointLayout> joints, int? cycleTimeoutMs, double positionLeadMs)
    {
        Uri = uri;
        Joints = joints;
        CycleTimeoutMs = cycleTimeoutMs;
        PositionLeadMs = positionLeadMs;
    }

    /// <summary>The bus.</summary>
    public BusUri Uri { get; }

    /// <summary>The joints on this bus, in bus order (index i of the bus's own JointState).</summary>
    public IReadOnlyList<BusJointLayout> Joints { get; }

    /// <summary>Longest wait for one cycle's replies, milliseconds, or null for the driver's default.</summary>
    public int? CycleTimeoutMs { get; }

    /// <summary>Serial servos: goal lead along the commanded velocity, milliseconds (see <see cref="BusGroupConfig.PositionLeadMs"/>).</summary>
    public double PositionLeadMs { get; }
}
