using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.Control.Controllers;

/// <summary>Position, velocity and effort limits of each joint, radians, rad/s and N·m, in the robot's joint order.</summary>
public sealed class JointLimitSet
{
    /// <summary>
    /// Creates limits from explicit arrays (all the same length). Without <paramref name="maxEffortNm"/>
    /// efforts are unbounded (+∞).
    /// </summary>
    public JointLimitSet(double[] lowerRad, double[] upperRad, double[] maxVelocityRadPerS, double[]? maxEffortNm = null)
    {
        maxEffortNm ??= Enumerable.Repeat(double.PositiveInfinity, lowerRad.Length).ToArray();
        if (lowerRad.Length != upperRad.Length || lowerRad.Length != maxVelocityRadPerS.Length || lowerRad.Length != maxEffortNm.Length)
        {
            throw new ArgumentException("limit arrays must have one entry per joint");
        }

        LowerRad = lowerRad;
        UpperRad = upperRad;
        MaxVelocityRadPerS = maxVelocityRadPerS;
        MaxEffortNm = maxEffortNm;
    }

    /// <summary>Lower position limits, radians.</summary>
    public double[] LowerRad { get; }

    /// <summary>Upper position limits, radians.</summary>
    public double[] UpperRad { get; }

    /// <summary>Velocity limits (magnitude), rad/s.</summary>
    public double[] MaxVelocityRadPerS { get; }

    /// <summary>Effort limits (magnitude), N·m; +∞ where the URDF gives none.</summary>
    public double[] MaxEffortNm { get; }

    /// <summary>Number of joints.</summary>
    public int Count => LowerRad.Length;

    /// <summary>
    /// The limits of a chain's active joints from its URDF; continuous joints get ±∞ position limits
    /// and, without a velocity limit, <paramref name="defaultVelocityRadPerS"/>; joints without an
    /// effort limit get +∞.
    /// </summary>
    public static JointLimitSet FromChain(KinematicChain chain, double velocityScale = 1.0, double defaultVelocityRadPerS = 1.0)
    {
        int n = chain.DofCount;
        var lower = new double[n];
        var upper = new double[n];
        var velocity = new double[n];
        var effort = new double[n];
        for (int i = 0; i < n; i++)
        {
            UrdfJoint joint = chain.ActiveJoints[i];
            JointLimits? limits = joint.Limits;
            bool bounded = joint.Type != JointType.Continuous && limits is not null;
            lower[i] = bounded ? limits!.LowerRad : double.NegativeInfinity;
            upper[i] = bounded ? limits!.UpperRad : double.PositiveInfinity;
            double v = limits is { VelocityRadPerS: > 0 } ? limits.VelocityRadPerS : defaultVelocityRadPerS;
            velocity[i] = v * velocityScale;
            effort[i] = limits is { Effort: > 0 } ? limits.Effort : double.PositiveInfinity;
        }

        return new JointLimitSet(lower, upper, velocity, effort);
    }
}
