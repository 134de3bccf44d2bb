namespace RobotEdge.Bus.Network;

/// <summary>Which way a wire message travels; part of every header so a message sent the wrong way is refused.</summary>
public enum WireDirection : byte
{
    /// <summary>Robot → site edge server (<see cref="Protocol.RobotToEdge"/>).</summary>
    RobotToEdge = 1,

    /// <summary>Site edge server → robot (<see cref="Protocol.EdgeToRobot"/>).</summary>
    EdgeToRobot = 2,
}
