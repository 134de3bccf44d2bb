namespace RobotEdge.Control.Drivers.Feetech.Registers;

/// <summary>
/// One item of a FEETECH memory table: where it is and how many bytes it spans. Two-byte values use
/// the byte order of the servo family (<see cref="FeetechRegisterCodec"/>).
/// </summary>
/// <param name="Address">First byte's address.</param>
/// <param name="Size">Size in bytes: 1 or 2.</param>
/// <param name="IsWritable">False for read-only items.</param>
/// <param name="IsEeprom">True for EEPROM items, which persist only while Lock is 0.</param>
public readonly record struct FeetechRegister(byte Address, byte Size, bool IsWritable, bool IsEeprom);
