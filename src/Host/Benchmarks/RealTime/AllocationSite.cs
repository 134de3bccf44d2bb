namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>Allocation ticks of one type on one thread.</summary>
/// <param name="Thread">The allocating thread.</param>
/// <param name="Type">The type allocated when the tick fired.</param>
/// <param name="Ticks">Ticks (each ≈100 KB allocated).</param>
/// <param name="Bytes">Bytes the ticks stand for.</param>
public sealed record AllocationSite(string Thread, string Type, int Ticks, long Bytes);
