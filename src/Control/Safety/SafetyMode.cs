namespace RobotEdge.Control.Safety;

/// <summary>Who may move the robot.</summary>
public enum SafetyMode
{
    /// <summary>Perception drives: goals come from the planner.</summary>
    Auto = 0,

    /// <summary>An operator drives: goals come from the console's jog commands.</summary>
    Manual = 1,

    /// <summary>Nobody drives: every goal is discarded and the joints are held.</summary>
    Stopped = 2,
}
