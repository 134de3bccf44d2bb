namespace RobotEdge.RobotModel.Urdf;

/// <summary>
/// The <c>&lt;limit&gt;</c> of a URDF joint. Names carry the revolute units; for a prismatic joint
/// the same fields hold metres and m/s, as in URDF. A continuous joint has no position limits:
/// its bounds are negative and positive infinity.
/// </summary>
/// <param name="LowerRad">Lowest joint position, radians (metres for prismatic joints).</param>
/// <param name="UpperRad">Highest joint position, radians (metres for prismatic joints); never below <paramref name="LowerRad"/>.</param>
/// <param name="VelocityRadPerS">Largest joint speed, rad/s (m/s for prismatic joints); not negative.</param>
/// <param name="Effort">Largest joint effort, N·m (N for prismatic joints); not negative.</param>
public sealed record JointLimits(double LowerRad, double UpperRad, double VelocityRadPerS, double Effort);
