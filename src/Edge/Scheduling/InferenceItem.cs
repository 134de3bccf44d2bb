namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// One robot's request as the scheduler sees it. Times are on the server's clock, nanoseconds.
/// </summary>
/// <param name="Robot">Index of the robot in the server's registry (0 ≤ Robot &lt; robot capacity).</param>
/// <param name="Sequence">The robot's frame sequence number.</param>
/// <param name="DeadlineNs">Absolute time by which the result must leave the server.</param>
/// <param name="ArrivalNs">When the request reached the scheduler.</param>
/// <param name="Payload">The caller's data for the request (the scheduler never looks at it).</param>
public readonly record struct InferenceItem(int Robot, long Sequence, long DeadlineNs, long ArrivalNs, object? Payload);
