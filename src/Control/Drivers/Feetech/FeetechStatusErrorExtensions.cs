using System.Text;

namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>Readable messages for <see cref="FeetechStatusError"/>, for logs and the operator console.</summary>
public static class FeetechStatusErrorExtensions
{
    /// <summary>
    /// One phrase per set bit, e.g. "overheat: temperature above the limit; overload: …".
    /// Undefined bits are reported by value. Allocates: call it when reporting, not in the control loop.
    /// </summary>
    public static string Describe(this FeetechStatusError error)
    {
        if (error == FeetechStatusError.None)
        {
            return "no error";
        }

        var text = new StringBuilder();
        Append(text, error, FeetechStatusError.Voltage, "voltage: input voltage outside the limits");
        Append(text, error, FeetechStatusError.Angle, "angle: position sensor error");
        Append(text, error, FeetechStatusError.Overheat, "overheat: temperature above the limit");
        Append(text, error, FeetechStatusError.Overcurrent, "overcurrent: current above the protection current");
        Append(text, error, FeetechStatusError.Overload, "overload: load above the overload torque for too long");

        const FeetechStatusError Known = FeetechStatusError.Voltage | FeetechStatusError.Angle
            | FeetechStatusError.Overheat | FeetechStatusError.Overcurrent | FeetechStatusError.Overload;
        var unknown = (byte)(error & ~Known);
        if (unknown != 0)
        {
            Separate(text).Append("undefined bits 0x").Append(unknown.ToString("X2"));
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, FeetechStatusError error, FeetechStatusError flag, string message)
    {
        if ((error & flag) != 0)
        {
            Separate(text).Append(message);
        }
    }

    private static StringBuilder Separate(StringBuilder text) => text.Length == 0 ? text : text.Append("; ");
}
