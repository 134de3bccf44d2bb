namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>
/// One item of a DYNAMIXEL control table: where it is and how many bytes it spans. Values are
/// little-endian; signed items are two's complement.
/// </summary>
/// <param name="Address">First byte's address.</param>
/// <param name="Size">Size in bytes: 1, 2 or 4.</param>
/// <param name="IsWritable">False for read-only items.</param>
/// <param name="IsEeprom">True for the EEPROM area (addresses below 64 on X series): writable only while Torque Enable is 0.</param>
public readonly record struct DynamixelRegister(ushort Address, byte Size, bool IsWritable, bool IsEeprom);
