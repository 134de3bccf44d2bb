namespace RobotEdge.Control.Buses;

/// <summary>The wire protocol and control table a <see cref="SerialServoBus"/> speaks.</summary>
public enum ServoProtocol
{
    /// <summary>ROBOTIS DYNAMIXEL Protocol 2.0, X-series control table (XM430, XL430 …).</summary>
    DynamixelX,

    /// <summary>FEETECH STS protocol, STS3215 memory table (little-endian two-byte values).</summary>
    FeetechSts3215,
}
