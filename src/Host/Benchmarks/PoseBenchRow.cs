namespace RobotEdge.Host.Benchmarks;

/// <summary>One row of <c>robotedge bench pose</c>: a model (or the whole pipeline) on one provider with one thread count.</summary>
/// <param name="Subject">The model (detector, lite, full, heavy, or a file name) or the pipeline mode ("pipeline lite, tracking").</param>
/// <param name="Provider">The execution provider (cpu, cuda).</param>
/// <param name="Threads">ONNX Runtime intra-op threads.</param>
/// <param name="Runs">Timed runs (frames).</param>
/// <param name="MedianMs">Median time per run, ms; 0 when not measured (see <paramref name="Note"/>).</param>
/// <param name="P99Ms">99th percentile per run, ms.</param>
/// <param name="BytesPerRun">Managed bytes allocated per run on the running thread, mean over the timed runs.</param>
/// <param name="Note">Why the row was not measured ("no CUDA device here: …"), or extra facts; null when none.</param>
public sealed record PoseBenchRow(string Subject, string Provider, int Threads, int Runs, double MedianMs, double P99Ms, double BytesPerRun, string? Note = null);
