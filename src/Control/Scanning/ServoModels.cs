using RobotEdge.Control.Buses;

namespace RobotEdge.Control.Scanning;

/// <summary>
/// Names of servo models by Model Number, as the vendors' control-table pages list them (DYNAMIXEL
/// e-Manual "Model Number" of each X / MX(2.0) model; FEETECH STS3215 memory table). Only models
/// whose numbers are documented there are named; others are reported by number.
/// </summary>
public static class ServoModels
{
    private static readonly Dictionary<ushort, string> Dynamixel = new()
    {
        [30] = "MX-28 (2.0)",
        [311] = "MX-64 (2.0)",
        [321] = "MX-106 (2.0)",
        [350] = "XL-320",
        [1000] = "XH430-W350",
        [1010] = "XH430-W210",
        [1020] = "XM430-W350",
        [1030] = "XM430-W210",
        [1060] = "XL430-W250",
        [1070] = "XC430-W150",
        [1080] = "XC430-W240",
        [1090] = "2XL430-W250",
        [1100] = "XH540-W270",
        [1110] = "XH540-W150",
        [1120] = "XM540-W270",
        [1130] = "XM540-W150",
        [1190] = "XL330-M077",
        [1200] = "XL330-M288",
    };

    private static readonly Dictionary<ushort, string> Feetech = new()
    {
        [777] = "STS3215",
    };

    /// <summary>The model's name, or "unknown".</summary>
    public static string GetName(ServoProtocol protocol, ushort modelNumber) =>
        (protocol == ServoProtocol.DynamixelX ? Dynamixel : Feetech).GetValueOrDefault(modelNumber, "unknown");
}
