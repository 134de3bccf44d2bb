using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>Control loop rate, controller gains and limits.</summary>
public sealed class ControlConfig
{
    /// <summary>Control loop rate, Hz (500–1000).</summary>
    public double RateHz { get; set; } = 500;

    /// <summary>Proportional gain, (rad/s) per rad of error.</summary>
    public double Kp { get; set; } = 12;

    /// <summary>Integral gain, (rad/s) per rad·s.</summary>
    public double Ki { get; set; } = 0.5;

    /// <summary>Derivative gain, (rad/s) per rad/s of error rate.</summary>
    public double Kd { get; set; } = 0.05;

    /// <summary>Velocity feed-forward of the goal's own rate of change, 0..1.</summary>
    public double VelocityFeedForward { get; set; } = 1.0;

    /// <summary>Acceleration limit on commanded velocity, rad/s².</summary>
    public double MaxAccelerationRadPerS2 { get; set; } = 60;

    /// <summary>Fraction of the URDF velocity limit the controller may command, 0..1.</summary>
    public double VelocityLimitScale { get; set; } = 1.0;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>control</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.Within(RateHz, 50, 4000, $"{path}.rateHz");

        // A zero gain never moves the joints; a gain at or above the loop rate overshoots every tick.
        problems.Require(Kp > 0 && Kp < RateHz, $"{path}.kp", $"must be above 0 and below control.rateHz ({ConfigProblems.Show(RateHz)}), got {ConfigProblems.Show(Kp)}");
        problems.NotNegative(Ki, $"{path}.ki");
        problems.NotNegative(Kd, $"{path}.kd");
        problems.Within(VelocityFeedForward, 0, 1, $"{path}.velocityFeedForward");
        problems.Positive(MaxAccelerationRadPerS2, $"{path}.maxAccelerationRadPerS2");
        problems.Above(VelocityLimitScale, 0, 1, $"{path}.velocityLimitScale");
    }
}
