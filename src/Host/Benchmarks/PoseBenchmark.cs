using System.Diagnostics;
using RobotEdge.Perception.Inference;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// The figures of <c>robotedge bench pose</c>: raw inference of each model (a session with bound
/// buffers, as the loop runs it) per provider and thread count — median and 99th percentile per run
/// and managed bytes allocated per run — on seeded pseudo-random input (the models' cost does not
/// depend on the pixels). Prints nothing; asserts nothing.
/// </summary>
public static class PoseBenchmark
{
    /// <summary>Seed of the input fill: every row sees the same input.</summary>
    public const int InputSeed = 12;

    /// <summary>
    /// Times <paramref name="runs"/> runs of the model at <paramref name="onnxPath"/> after
    /// <paramref name="warmUp"/> untimed ones. A device provider that does not open here gives a row
    /// with its reason and no figures.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime refuses the model on the CPU provider.</exception>
    public static PoseBenchRow TimeModel(string subject, string onnxPath, ExecutionProvider provider, int threads, int runs, int warmUp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        string providerName = provider.ToString().ToLowerInvariant();
        BenchModelSession session;
        try
        {
            session = BenchModelSession.Open(onnxPath, provider, threads);
        }
        catch (NotSupportedException e)
        {
            return new PoseBenchRow(subject, providerName, threads, 0, 0, 0, 0, $"no {provider} device here: {Commands.CommandErrors.OneLine(e.Message)}");
        }

        using (session)
        {
            var random = new Random(InputSeed);
            foreach (float[] input in session.InputBuffers)
            {
                for (int i = 0; i < input.Length; i++)
                {
                    input[i] = random.NextSingle();
                }
            }

            for (int i = 0; i < warmUp; i++)
            {
                session.Run();
            }

            var times = new double[runs];
            long allocated = 0;
            for (int i = 0; i < runs; i++)
            {
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                session.Run();
                long t1 = Stopwatch.GetTimestamp();
                allocated += GC.GetAllocatedBytesForCurrentThread() - a0;
                times[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            }

            Array.Sort(times);
            return new PoseBenchRow(subject, providerName, threads, runs, Quantile(times, 0.5), Quantile(times, 0.99), (double)allocated / runs);
        }
    }

    /// <summary>Nearest-rank quantile <paramref name="q"/> of sorted values.</summary>
    public static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
