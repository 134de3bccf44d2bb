namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>A cause and the time it was charged.</summary>
/// <param name="Kind">"runtime" (a .NET runtime event), "thread" (CPU time of one of this process's threads, sampled), "loop" (the control ticks' own bodies, traced), "machine" (the rest of the machine).</param>
/// <param name="Cause">What it was.</param>
/// <param name="InWindowsMs">Its time inside the bad windows, ms.</param>
/// <param name="ShareOfWindowTime">That time over the windows' total length (a thread's CPU time: the fraction of one core).</param>
/// <param name="ShareOfPhaseTime">Its time over the whole phase, over the phase's length: the background rate to compare with.</param>
/// <param name="Windows">Windows (after merging) it touched.</param>
public sealed record RankedCause(string Kind, string Cause, double InWindowsMs, double ShareOfWindowTime, double ShareOfPhaseTime, int Windows);
