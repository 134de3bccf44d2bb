namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>One step of the frame path in the slow frames.</summary>
/// <param name="Step">The step.</param>
/// <param name="MedianMs">Its median over every steady-state frame, ms.</param>
/// <param name="ExcessMs">Sum over the slow frames of its time above that median, ms.</param>
/// <param name="Frames">Slow frames in which it was over its median.</param>
public sealed record StepExcess(string Step, double MedianMs, double ExcessMs, int Frames);
