namespace RobotEdge.Host.Runtime;

/// <summary>An unexpected exception a robot thread's barrier caught: the thread, and what it threw.</summary>
/// <param name="Thread">The robot thread that failed: camera, compute or control.</param>
/// <param name="Exception">What it threw.</param>
public sealed record RunFault(string Thread, Exception Exception)
{
    /// <summary>One line for the operator: which thread failed, and why.</summary>
    public override string ToString() => $"the {Thread} thread failed ({Exception.GetType().Name}: {Exception.Message}); the robot was brought to a controlled stop";
}
