namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>One bucket of a <see cref="LatenessHistogram"/>.</summary>
/// <param name="Range">Its range ("100-200 us").</param>
/// <param name="Count">Wake-ups in it.</param>
public sealed record HistogramBucket(string Range, long Count);
