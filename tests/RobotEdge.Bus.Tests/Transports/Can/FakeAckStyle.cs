namespace RobotEdge.Bus.Tests.Transports.Can;

/// <summary>How the fake adapter acknowledges a transmitted frame.</summary>
public enum FakeAckStyle
{
    /// <summary>Lawicel CANUSB: <c>z</c>CR after <c>t</c>/<c>r</c>, <c>Z</c>CR after <c>T</c>/<c>R</c>.</summary>
    Lawicel,

    /// <summary>CANable firmware: a bare CR.</summary>
    Canable,
}
