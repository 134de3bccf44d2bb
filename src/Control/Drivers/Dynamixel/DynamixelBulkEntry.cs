namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// One device's part of a Bulk Read or Bulk Write: which control-table range of which device.
/// </summary>
/// <param name="Id">Device id, 0–252.</param>
/// <param name="Address">First control-table address.</param>
/// <param name="Length">Number of bytes, 1–65,535.</param>
public readonly record struct DynamixelBulkEntry(byte Id, ushort Address, ushort Length);
