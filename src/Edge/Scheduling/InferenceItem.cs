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
/// <param name="AcceptableTiers">
/// The model tiers the robot accepts for this request: bit i stands for the server's tier i, where the
/// server's tiers are ordered best (most accurate) first, as its welcome message lists them; the lowest set
/// bit is the robot's preferred tier. A server with one model has one tier, bit 0. Set by the caller
/// from the request; never 0.
/// </param>
/// <param name="Tier">
/// Set by the scheduler when it dispatches the request, never by the caller: the server tier (index, as in
/// <paramref name="AcceptableTiers"/>) that serves it — always one of the acceptable ones. The answer
/// carries it back to the robot.
/// </param>
public readonly record struct InferenceItem(
    int Robot, long Sequence, long DeadlineNs, long ArrivalNs, object? Payload, bool BestEffort = false,
    byte AcceptableTiers = 1, byte Tier = 0);
