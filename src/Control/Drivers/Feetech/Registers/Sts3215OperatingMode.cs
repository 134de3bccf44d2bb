namespace RobotEdge.Control.Drivers.Feetech.Registers;

/// <summary>Values of the STS3215 operating mode (address 33).</summary>
public enum Sts3215OperatingMode : byte
{
    /// <summary>Position servo mode (default): Goal Position within the angle limits.</summary>
    Position = 0,

    /// <summary>Closed-loop constant speed (wheel) mode: Goal Speed.</summary>
    Speed = 1,

    /// <summary>Open-loop PWM speed mode: Goal Time carries the PWM duty.</summary>
    Pwm = 2,

    /// <summary>Step mode: Goal Position is a relative, signed step count.</summary>
    Step = 3,
}
