namespace RobotEdge.RobotModel.Config;

/// <summary>
/// One actuator bus of the robot in <c>robot.json</c> (<c>buses[]</c>): its URI (see
/// <see cref="BusUri"/>) and the joints it drives. A robot may mix buses, e.g. a Dynamixel chain for
/// the wrist and CAN motors for the shoulder; each bus runs on its own I/O thread.
/// </summary>
public sealed class BusGroupConfig
{
    /// <summary>The bus URI, e.g. <c>dynamixel:/dev/ttyUSB0@1000000</c>.</summary>
    public string Uri { get; set; } = "";

    /// <summary>The joints on this bus; their order on the bus is the order given here.</summary>
    public List<BusJointConfig> Joints { get; set; } = [];

    /// <summary>Longest wait for one cycle's replies, milliseconds; null keeps the driver's default.</summary>
    public int? CycleTimeoutMs { get; set; }

    /// <summary>
    /// Serial servos only: how far ahead of the controller's one-tick position the goal is set, along
    /// the commanded velocity, milliseconds (about the servo's own position time constant). A servo in
    /// position mode moves at (goal − position) / τ, so a goal only one tick ahead would move it at a
    /// fraction of the commanded velocity. Default 0.
    /// </summary>
    public double PositionLeadMs { get; set; }
}
