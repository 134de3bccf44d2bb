namespace RobotEdge.Edge.Site;

/// <summary>A task handed to a robot (the server sends it on the robot's connection).</summary>
/// <param name="Robot">The robot's registry index.</param>
/// <param name="TaskId">The task's id.</param>
/// <param name="XM">Where the task is, metres.</param>
/// <param name="YM">Where the task is, metres.</param>
/// <param name="Description">What to do there.</param>
public readonly record struct TaskAssignment(int Robot, string TaskId, double XM, double YM, string Description);
