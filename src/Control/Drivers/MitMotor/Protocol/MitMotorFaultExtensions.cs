namespace RobotEdge.Control.Drivers.MitMotor.Protocol;

/// <summary>Readable messages for <see cref="MitMotorFault"/> codes.</summary>
public static class MitMotorFaultExtensions
{
    /// <summary>A sentence for operators and logs; unknown codes are named by number. Allocates only for unknown codes.</summary>
    public static string ToMessage(this MitMotorFault fault) => fault switch
    {
        MitMotorFault.None => "no fault",
        MitMotorFault.OverTemperature => "motor over temperature: let it cool, reduce the load or duty cycle",
        MitMotorFault.OverCurrent => "over current: check for a stall, a short, or gains too high",
        MitMotorFault.OverVoltage => "supply over voltage: check the supply and regenerative braking",
        MitMotorFault.UnderVoltage => "supply under voltage: check the supply, wiring and battery",
        MitMotorFault.EncoderFault => "encoder fault: recalibrate the motor or check the encoder",
        MitMotorFault.PhaseCurrentUnbalance => "phase current unbalance: the driver hardware may be damaged",
        _ => $"unknown fault code {(byte)fault}",
    };
}
