namespace RobotEdge.RobotModel.Config;

/// <summary>Simulator settings for a robot.</summary>
public sealed class SimConfig
{
    /// <summary>Scenario file (target path, scene), relative to the robot folder.</summary>
    public string Scenario { get; set; } = "scenarios/sweep.json";

    /// <summary>Time constant of the simulated actuators' first-order velocity response, ms.</summary>
    public double ActuatorTimeConstantMs { get; set; } = 15;
}
