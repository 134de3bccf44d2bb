namespace RobotEdge.Control.Safety;

/// <summary>What the safety layer lets the joints do on the current tick.</summary>
public enum MotionState
{
    /// <summary>No stop cause: the controller's command goes out (after the limits).</summary>
    Running = 0,

    /// <summary>A stop cause holds and the joints are still decelerating (controlled stop).</summary>
    Stopping = 1,

    /// <summary>A stop cause holds and the commanded velocity has reached zero: the joints are held where they stopped.</summary>
    Holding = 2,
}
