namespace RobotEdge.Control.Buses;

/// <summary>One decoded servo answer, protocol-neutral. Produced and consumed on the bus I/O thread.</summary>
internal struct ServoReply
{
    /// <summary>Id of the answering servo.</summary>
    public byte Id;

    /// <summary>What the reply carries.</summary>
    public ServoReplyKind Kind;

    /// <summary>Servo shaft angle, radians (absolute encoder angle); valid for <see cref="ServoReplyKind.Feedback"/>.</summary>
    public double PositionRad;

    /// <summary>Servo shaft velocity, rad/s; valid for <see cref="ServoReplyKind.Feedback"/>.</summary>
    public double VelocityRadPerS;

    /// <summary>
    /// Hardware error bits known from this reply: the Feetech status error byte on every reply, or
    /// the Dynamixel Hardware Error Status register for <see cref="ServoReplyKind.HardwareErrorRegister"/>.
    /// </summary>
    public byte HardwareErrorBits;

    /// <summary>Dynamixel only: the status packet's alert bit, i.e. Hardware Error Status is non-zero and must be read.</summary>
    public bool HardwareAlert;
}
