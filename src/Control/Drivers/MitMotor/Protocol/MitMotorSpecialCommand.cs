namespace RobotEdge.Control.Drivers.MitMotor.Protocol;

/// <summary>
/// The special frames of the MIT protocol: seven 0xFF bytes followed by this value as the eighth.
/// </summary>
public enum MitMotorSpecialCommand : byte
{
    /// <summary>Enter motor mode (<c>FF FF FF FF FF FF FF FC</c>): the motor starts following commands.</summary>
    EnterMotorMode = 0xFC,

    /// <summary>Exit motor mode (<c>… FD</c>): the motor stops driving its phases.</summary>
    ExitMotorMode = 0xFD,

    /// <summary>Set the current position as zero (<c>… FE</c>); send only while the motor is still.</summary>
    SetZero = 0xFE,
}
