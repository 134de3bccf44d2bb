namespace RobotEdge.RobotModel.Config;

/// <summary>
/// A MIT-mode motor's firmware ranges as robot.json writes them (<c>buses[].joints[].motorRanges</c>):
/// the values the firmware maps its fixed-point fields onto (<c>P_MAX</c>, <c>V_MAX</c>, <c>T_MAX</c>,
/// <c>KP_MAX</c>, <c>KD_MAX</c> and their minima). They are part of the wire format, so they must be the
/// motor's own numbers. The maxima are required; a missing minimum is −maximum for position, velocity
/// and torque, and 0 for the gains.
/// </summary>
public sealed class BusMotorRangesConfig
{
    /// <summary>Position at the top code, radians (<c>P_MAX</c>); required, finite, &gt; 0.</summary>
    public double? PositionMaxRad { get; set; }

    /// <summary>Position at code 0, radians (<c>P_MIN</c>); default −<see cref="PositionMaxRad"/>.</summary>
    public double? PositionMinRad { get; set; }

    /// <summary>Velocity at the top code, rad/s (<c>V_MAX</c>); required, finite, &gt; 0.</summary>
    public double? VelocityMaxRadPerS { get; set; }

    /// <summary>Velocity at code 0, rad/s (<c>V_MIN</c>); default −<see cref="VelocityMaxRadPerS"/>.</summary>
    public double? VelocityMinRadPerS { get; set; }

    /// <summary>Torque at the top code, N·m (<c>T_MAX</c>); required, finite, &gt; 0.</summary>
    public double? TorqueMaxNm { get; set; }

    /// <summary>Torque at code 0, N·m (<c>T_MIN</c>); default −<see cref="TorqueMaxNm"/>.</summary>
    public double? TorqueMinNm { get; set; }

    /// <summary>Position gain at the top code, N·m/rad (<c>KP_MAX</c>); required, finite, &gt; 0.</summary>
    public double? KpMax { get; set; }

    /// <summary>Position gain at code 0 (<c>KP_MIN</c>); default 0.</summary>
    public double? KpMin { get; set; }

    /// <summary>Velocity gain at the top code, N·m·s/rad (<c>KD_MAX</c>); required, finite, &gt; 0.</summary>
    public double? KdMax { get; set; }

    /// <summary>Velocity gain at code 0 (<c>KD_MIN</c>); default 0.</summary>
    public double? KdMin { get; set; }
}
