namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>Values of Operating Mode (address 11) on X series (e-Manual, XM430-W350, Operating Mode).</summary>
public enum XSeriesOperatingMode : byte
{
    /// <summary>Current (torque) control; position and velocity are not controlled. Not on XL430.</summary>
    Current = 0,

    /// <summary>Velocity control (wheel mode).</summary>
    Velocity = 1,

    /// <summary>Position control within one turn, between the position limits (default).</summary>
    Position = 3,

    /// <summary>Multi-turn position control, −256 … 256 revolutions.</summary>
    ExtendedPosition = 4,

    /// <summary>Multi-turn position control with a current limit (Goal Current). Not on XL430.</summary>
    CurrentBasedPosition = 5,

    /// <summary>Direct PWM (voltage) control.</summary>
    Pwm = 16,
}
