namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>A bad moment: [<see cref="StartNs"/>, <see cref="EndNs"/>) on the monotonic clock, ns.</summary>
public readonly record struct TimeWindow(long StartNs, long EndNs);
