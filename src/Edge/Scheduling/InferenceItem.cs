namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// One robot's request as the scheduler sees it. Times are on the server's clock, nanoseconds.
/// </summary>
/// <param name="Robot">Index of the robot in the server's registry (0 ≤ Robot &lt; robot capacity).</param>
/// <param name="Sequence">The robot's frame sequence number.</param>
/// <param name="DeadlineNs">Absolute time by which the result must leave the server.</param>
/// <param name="ArrivalNs">When the request reached the server (read off its connection).</param>
/// <param name="Payload">The caller's data for the request (the scheduler never looks at it).</param>
/// <param name="BestEffort">
/// Set by <see cref="DeadlineScheduler"/> on admission, never by the caller: the request is over its
/// robot's frame rate, or leaves the server less time than it promises (see
/// <see cref="DeadlineScheduler"/>), so it runs only on capacity no other request needs — it is shed
/// first and its loss is never counted as a miss.
/// </param>
public readonly record struct InferenceItem(int Robot, long Sequence, long DeadlineNs, long ArrivalNs, object? Payload, bool BestEffort = false);
