using System.Text;

namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>Readable messages for <see cref="HardwareErrorStatus"/>, for logs and the operator console.</summary>
public static class HardwareErrorStatusExtensions
{
    /// <summary>
    /// One sentence per set bit, e.g. "overheating: internal temperature above the limit; overload: …".
    /// Undefined bits are reported by value. Allocates: call it when reporting, not in the control loop.
    /// </summary>
    public static string Describe(this HardwareErrorStatus status)
    {
        if (status == HardwareErrorStatus.None)
        {
            return "no hardware error";
        }

        var text = new StringBuilder();
        Append(text, status, HardwareErrorStatus.InputVoltage, "input voltage: supply outside the configured voltage limits");
        Append(text, status, HardwareErrorStatus.Overheating, "overheating: internal temperature above the temperature limit");
        Append(text, status, HardwareErrorStatus.MotorEncoder, "motor encoder: the encoder malfunctions");
        Append(text, status, HardwareErrorStatus.ElectricalShock, "electrical shock: shock on the circuit or too little power for the motor");
        Append(text, status, HardwareErrorStatus.Overload, "overload: a load above the maximum output persisted");

        const HardwareErrorStatus Known = HardwareErrorStatus.InputVoltage | HardwareErrorStatus.Overheating
            | HardwareErrorStatus.MotorEncoder | HardwareErrorStatus.ElectricalShock | HardwareErrorStatus.Overload;
        var unknown = (byte)(status & ~Known);
        if (unknown != 0)
        {
            Separate(text).Append("undefined bits 0x").Append(unknown.ToString("X2"));
        }

        text.Append("; torque is off until the servo is rebooted");
        return text.ToString();
    }

    private static void Append(StringBuilder text, HardwareErrorStatus status, HardwareErrorStatus flag, string message)
    {
        if ((status & flag) != 0)
        {
            Separate(text).Append(message);
        }
    }

    private static StringBuilder Separate(StringBuilder text) => text.Length == 0 ? text : text.Append("; ");
}
