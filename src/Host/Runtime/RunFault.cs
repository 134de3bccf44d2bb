namespace RobotEdge.Host.Runtime;

/// <summary>An unexpected exception a robot thread's barrier caught: the thread, and what it threw.</summary>
/// <param name="Thread">The robot thread that failed: camera, compute, control, bus, console, edge client.</param>
/// <param name="Exception">What it threw.</param>
public sealed record RunFault(string Thread, Exception Exception)
{
    /// <summary>One line for the operator: which thread failed, and why (the exception's message on one line).</summary>
    public override string ToString()
    {
        string message = string.Join("; ", Exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"the {Thread} thread failed ({Exception.GetType().Name}: {message})";
    }
}
