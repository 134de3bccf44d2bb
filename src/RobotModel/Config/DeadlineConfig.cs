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
}
