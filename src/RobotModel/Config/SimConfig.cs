using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>Simulator settings for a robot.</summary>
public sealed class SimConfig
{
    /// <summary>Scenario file (target path, scene), relative to the robot folder.</summary>
    public string Scenario { get; set; } = "scenarios/sweep.json";

    /// <summary>Time constant of the simulated actuators' first-order velocity response, ms.</summary>
    public double ActuatorTimeConstantMs { get; set; } = 15;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>sim</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.NotEmpty(Scenario, $"{path}.scenario");
        problems.Above(ActuatorTimeConstantMs, 0, 10_000, $"{path}.actuatorTimeConstantMs");
    }
}
