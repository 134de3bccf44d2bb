namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>The parameter of <see cref="DynamixelInstruction.FactoryReset"/> (e-Manual, "Protocol 2.0", Factory Reset).</summary>
public enum DynamixelFactoryResetMode : byte
{
    /// <summary>Resets everything except the id.</summary>
    AllExceptId = 0x01,

    /// <summary>Resets everything except the id and the baud rate.</summary>
    AllExceptIdAndBaudRate = 0x02,

    /// <summary>Resets everything. Devices with firmware 42+ ignore it when sent to the broadcast id.</summary>
    All = 0xFF,
}
