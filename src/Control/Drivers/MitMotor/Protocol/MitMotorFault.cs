namespace RobotEdge.Control.Drivers.MitMotor.Protocol;

/// <summary>
/// Fault code in the last byte of an 8-byte MIT-mode reply (CubeMars firmware). Codes not listed
/// are kept as their number.
/// </summary>
public enum MitMotorFault : byte
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>Motor over temperature.</summary>
    OverTemperature = 1,

    /// <summary>Over current.</summary>
    OverCurrent = 2,

    /// <summary>Supply over voltage.</summary>
    OverVoltage = 3,

    /// <summary>Supply under voltage.</summary>
    UnderVoltage = 4,

    /// <summary>Encoder fault.</summary>
    EncoderFault = 5,

    /// <summary>Phase currents unbalanced: the hardware may be damaged.</summary>
    PhaseCurrentUnbalance = 6,
}
