using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>Planner behaviour settings.</summary>
public sealed class PlannerConfig
{
    /// <summary>The <see cref="Behaviour"/> that points the camera at the marker plate (the default).</summary>
    public const string LookAt = "look-at";

    /// <summary>The <see cref="Behaviour"/> that keeps a person's torso centred (needs a BlazePose model card).</summary>
    public const string FollowPerson = "follow-person";

    /// <summary>What the planner does with each pose estimate: <c>look-at</c> or <c>follow-person</c>.</summary>
    public string Behaviour { get; set; } = LookAt;

    /// <summary>
    /// How far ahead the planner aims at the target's predicted position, ms: roughly the time from
    /// capture until the joints have moved (pipeline latency plus actuator lag).
    /// </summary>
    public double LeadTimeMs { get; set; } = 60;

    /// <summary>Weight of a new measurement in the target's position/velocity filter, 0..1.</summary>
    public double FilterGain { get; set; } = 0.6;

    /// <summary>Fewest confident keypoints needed to act on an estimate.</summary>
    public int MinKeypoints { get; set; } = 2;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>planner</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.Require(Behaviour is LookAt or FollowPerson, $"{path}.behaviour",
            $"must be \"{LookAt}\" or \"{FollowPerson}\", got \"{Behaviour}\"");
        problems.Within(LeadTimeMs, 0, 1000, $"{path}.leadTimeMs");
        problems.Above(FilterGain, 0, 1, $"{path}.filterGain");
        problems.Within(MinKeypoints, 1, 1000, $"{path}.minKeypoints");
    }
}
