using RobotEdge.Control.Buses;

namespace RobotEdge.Control.Scanning;

/// <summary>One servo found by <see cref="ServoScanner"/>.</summary>
/// <param name="Id">Its bus id.</param>
/// <param name="Protocol">The protocol it answered in.</param>
/// <param name="BaudRate">The line rate it answered at, bits per second.</param>
/// <param name="ModelNumber">Model Number from its control table (Dynamixel address 0, Feetech address 3).</param>
/// <param name="ModelName">The model's name, or "unknown" when the number is not in <see cref="ServoModels"/>.</param>
/// <param name="Firmware">Firmware version from its control table: Dynamixel address 6 ("52"), Feetech major.minor at 0–1 ("3.10"); empty when the read failed.</param>
public readonly record struct ScannedServo(byte Id, ServoProtocol Protocol, int BaudRate, ushort ModelNumber, string ModelName, string Firmware);
