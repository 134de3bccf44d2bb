namespace RobotEdge.Control.Buses;

/// <summary>What a reply parsed by a <see cref="ServoProtocolAdapter"/> carries.</summary>
internal enum ServoReplyKind
{
    /// <summary>Present position and velocity (answer to the cycle's Sync Read or its unicast retry).</summary>
    Feedback,

    /// <summary>The hardware error register (Dynamixel Hardware Error Status, read after an alert).</summary>
    HardwareErrorRegister,
}
