namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>One JIT compilation during the loop.</summary>
/// <param name="AtMs">When it started, ms from the loop's start.</param>
/// <param name="Method">Type and method.</param>
/// <param name="Tier">The code it produced: Tier0, Tier1, OSR, FullOpts, …</param>
/// <param name="Ms">Compile time (start to code in place), ms.</param>
/// <param name="Thread">The thread that compiled it.</param>
/// <param name="SteadyState">Whether it ended after the warm-up frames.</param>
/// <param name="Foreground">Whether a thread compiled it for itself (it waited for the JIT), rather than the tiering worker in the background.</param>
public sealed record CompiledMethod(double AtMs, string Method, string Tier, double Ms, string Thread, bool SteadyState, bool Foreground);
