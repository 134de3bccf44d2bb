namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>CPU time of one thread (or several of the same name) in each phase.</summary>
/// <param name="Thread">The thread's name as the kernel has it.</param>
/// <param name="Count">Threads of that name.</param>
/// <param name="ProbeCpuMs">CPU time during the probe, ms.</param>
/// <param name="LoopCpuMs">CPU time during the loop, ms.</param>
/// <param name="LoopRunnableWaitMs">Time it waited runnable for a CPU during the loop, ms.</param>
public sealed record ThreadTime(string Thread, int Count, double ProbeCpuMs, double LoopCpuMs, double LoopRunnableWaitMs);
