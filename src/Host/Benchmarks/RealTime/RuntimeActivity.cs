namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>The runtime's activity over a phase, process-wide.</summary>
/// <param name="Gen0Collections">GCs that collected generation 0 (every GC does).</param>
/// <param name="Gen1Collections">GCs that collected generation 1.</param>
/// <param name="Gen2Collections">Full GCs.</param>
/// <param name="GcPauseMs">Time every managed thread was paused by the GC, ms.</param>
/// <param name="JitMethods">Methods JIT-compiled (any tier, any thread).</param>
/// <param name="JitMs">Time spent compiling them, ms.</param>
/// <param name="AllocatedBytes">Managed bytes allocated by every thread (granularity: allocation contexts of about 8 KB).</param>
public sealed record RuntimeActivity(int Gen0Collections, int Gen1Collections, int Gen2Collections, double GcPauseMs, long JitMethods, double JitMs, long AllocatedBytes);
