namespace RobotEdge.Sim.Devices;

/// <summary>How a <see cref="VirtualSlcanAdapter"/> acknowledges a frame it was asked to transmit.</summary>
public enum VirtualSlcanAckStyle
{
    /// <summary>Lawicel CANUSB/CAN232: <c>z</c>CR after a standard frame, <c>Z</c>CR after an extended one.</summary>
    Lawicel,

    /// <summary>CANable (slcan firmware): a bare CR.</summary>
    CanableBareCr,
}
