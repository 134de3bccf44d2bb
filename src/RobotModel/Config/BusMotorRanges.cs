namespace RobotEdge.RobotModel.Config;

/// <summary>
/// Resolved MIT-mode motor ranges of a <see cref="BusJointLayout"/> (see <see cref="BusMotorRangesConfig"/>):
/// every bound finite, each minimum below its maximum. Units: rad, rad/s, N·m, N·m/rad, N·m·s/rad.
/// </summary>
public readonly record struct BusMotorRanges(
    double PositionMinRad,
    double PositionMaxRad,
    double VelocityMinRadPerS,
    double VelocityMaxRadPerS,
    double TorqueMinNm,
    double TorqueMaxNm,
    double KpMin,
    double KpMax,
    double KdMin,
    double KdMax);
