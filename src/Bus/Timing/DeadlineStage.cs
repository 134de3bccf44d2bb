namespace RobotEdge.Bus.Timing;

/// <summary>The steps of the capture → command path that have their own budget.</summary>
public enum DeadlineStage
{
    /// <summary>Frame ready → taken by the compute thread.</summary>
    Queue,

    /// <summary>Preprocessing into the model's input.</summary>
    Preprocess,

    /// <summary>Model inference.</summary>
    Inference,

    /// <summary>Decoding the model's output into keypoints.</summary>
    Decode,

    /// <summary>Planning (behaviour + inverse kinematics).</summary>
    Plan,

    /// <summary>Goal published → first actuator command from it (includes the wait for the tick).</summary>
    Control,

    /// <summary>Capture (real time) or frame ready (lockstep) → first actuator command.</summary>
    EndToEnd,
}
