using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// The robot's end-to-end deadline (capture → first actuator command) and the budget of each stage,
/// all in milliseconds. Defaults follow the timing budget in DESIGN.md.
/// </summary>
public sealed class DeadlineConfig
{
    /// <summary>Capture → first actuator command, ms.</summary>
    public double EndToEndMs { get; set; } = 50;

    /// <summary>Frame ready → taken by the compute thread, ms.</summary>
    public double QueueMs { get; set; } = 5;

    /// <summary>Preprocessing, ms.</summary>
    public double PreprocessMs { get; set; } = 0.3;

    /// <summary>Inference, ms.</summary>
    public double InferenceMs { get; set; } = 10;

    /// <summary>Decode (and tracking), ms.</summary>
    public double DecodeMs { get; set; } = 0.2;

    /// <summary>Planning (behaviour + IK), ms.</summary>
    public double PlanMs { get; set; } = 0.5;

    /// <summary>Goal published → first command, including the wait for the control tick, ms.</summary>
    public double ControlMs { get; set; } = 2.5;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>deadline</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.Above(EndToEndMs, 0, 10_000, $"{path}.endToEndMs");
        problems.Above(QueueMs, 0, 10_000, $"{path}.queueMs");
        problems.Above(PreprocessMs, 0, 10_000, $"{path}.preprocessMs");
        problems.Above(InferenceMs, 0, 10_000, $"{path}.inferenceMs");
        problems.Above(DecodeMs, 0, 10_000, $"{path}.decodeMs");
        problems.Above(PlanMs, 0, 10_000, $"{path}.planMs");
        problems.Above(ControlMs, 0, 10_000, $"{path}.controlMs");
    }
}
