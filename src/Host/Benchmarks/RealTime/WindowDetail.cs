namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>One bad moment and what was happening in it.</summary>
/// <param name="StartMs">Start, ms from the phase's start.</param>
/// <param name="LengthMs">Length, ms.</param>
/// <param name="Causes">Its three largest causes with their ms.</param>
public sealed record WindowDetail(double StartMs, double LengthMs, string Causes);
