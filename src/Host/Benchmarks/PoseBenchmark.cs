using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Vision.Capture;
using RobotEdge.Vision.Images;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// The figures of <c>robotedge bench pose</c>. Raw inference of a model (<see cref="TimeModel"/>):
/// its session with bound buffers, as the loop runs it, on seeded pseudo-random input (the models'
/// cost does not depend on the pixels). The whole BlazePose pipeline per frame (<see cref="TimePipeline"/>)
/// on real frames, in tracking mode (the detector only when someone is lost or every
/// <c>detectionIntervalFrames</c>) and in detection mode (the detector on every frame). Each gives
/// the median and 99th percentile time per run and the managed bytes allocated per run on the
/// running thread. Prints nothing; asserts nothing.
/// </summary>
public static class PoseBenchmark
{
    /// <summary>Seed of the input fill: every row sees the same input.</summary>
    public const int InputSeed = 12;

    /// <summary>
    /// Times <paramref name="runs"/> runs of the model at <paramref name="onnxPath"/> after
    /// <paramref name="warmUp"/> untimed ones. A device provider that does not open here gives a row
    /// with ONNX Runtime's reason and no figures.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime refuses the model, or it has not one float input.</exception>
    public static PoseBenchRow TimeModel(string subject, string onnxPath, ExecutionProvider provider, int threads, int runs, int warmUp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var log = new FirstWarningLogger();
        BoundTensorModel model = BoundTensorModel.Load(onnxPath, subject, [provider], log, threads);
        using (model)
        {
            if (model.Provider != provider)
            {
                return Unavailable(subject, provider, threads, log.FirstWarning);
            }

            var random = new Random(InputSeed);
            Span<float> input = model.Input;
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = random.NextSingle();
            }

            for (int i = 0; i < warmUp; i++)
            {
                model.Run();
            }

            var times = new double[runs];
            long allocated = 0;
            for (int i = 0; i < runs; i++)
            {
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                model.Run();
                long t1 = Stopwatch.GetTimestamp();
                allocated += GC.GetAllocatedBytesForCurrentThread() - a0;
                times[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            }

            Array.Sort(times);
            return new PoseBenchRow(subject, Name(provider), threads, runs, Quantile(times, 0.5), Quantile(times, 0.99), (double)allocated / runs);
        }
    }

    /// <summary>
    /// Times the BlazePose pipeline of <paramref name="card"/> on <paramref name="frames"/> in order
    /// (consecutive video frames: tracking carries over), the first <paramref name="warmUpFrames"/>
    /// untimed; <paramref name="detectEveryFrame"/> runs the detector on every frame. The row's note
    /// gives the mean people per timed frame and how many frames ran the detector.
    /// </summary>
    /// <exception cref="InvalidDataException">The card is not a blazepose card.</exception>
    /// <exception cref="ArgumentException">Not more frames than warm-up frames.</exception>
    public static PoseBenchRow TimePipeline(string subject, ModelCard card, ExecutionProvider provider, int threads, bool detectEveryFrame,
        IReadOnlyList<Frame> frames, int warmUpFrames)
    {
        if (frames.Count <= warmUpFrames)
        {
            throw new ArgumentException($"{frames.Count} frames leave none to time after {warmUpFrames} warm-up frames");
        }

        var log = new FirstWarningLogger();
        using BlazePoseEstimator pipeline = BlazePoseEstimator.Load(card, [provider], log, threads);
        if (pipeline.LandmarkModel.Provider != provider)
        {
            return Unavailable(subject, provider, threads, log.FirstWarning);
        }

        pipeline.DetectEveryFrame = detectEveryFrame;
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        int timed = frames.Count - warmUpFrames;
        var times = new double[timed];
        long allocated = 0, people = 0, detectorFrames = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            Frame frame = frames[i];
            long a0 = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();
            pipeline.Estimate(frame, ref estimate, ref timings);
            long t1 = Stopwatch.GetTimestamp();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - a0;
            if (i >= warmUpFrames)
            {
                allocated += bytes;
                times[i - warmUpFrames] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                people += pipeline.PersonCount;
                detectorFrames += pipeline.LastFrameRanDetector ? 1 : 0;
            }
        }

        Array.Sort(times);
        return new PoseBenchRow(subject, Name(provider), threads, timed, Quantile(times, 0.5), Quantile(times, 0.99), (double)allocated / timed,
            $"{(double)people / timed:F2} people/frame (at most {card.BlazePose!.MaxPeople}), detector on {detectorFrames} of {timed} frames");
    }

    /// <summary>
    /// The first <paramref name="count"/> frames of the video <paramref name="path"/>, decoded into
    /// memory; or a still image (.jpg, .png, .bmp) repeated <paramref name="count"/> times (a person who
    /// stands still: tracking mode's steady state). Stamped at the file's frame rate (30 fps for a still)
    /// so that the One-Euro smoothing sees real time.
    /// </summary>
    /// <exception cref="InvalidDataException">The video has fewer frames.</exception>
    public static List<Frame> LoadFrames(string path, int count)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".jpg" or ".jpeg" or ".png" or ".bmp")
        {
            BgrImage still = BgrImage.Read(path);
            var stills = new FramePool(still.Width, still.Height, count);
            var repeated = new List<Frame>(count);
            for (int i = 0; i < count; i++)
            {
                stills.TryRent(out Frame? frame);
                for (int y = 0; y < still.Height; y++)
                {
                    still.Pixels.AsSpan(y * still.Width * 3, still.Width * 3).CopyTo(frame!.Pixels.AsSpan(y * frame.StrideBytes));
                }

                frame!.Stamp = new FrameStamp(i, i * 33_333_333L, i * 33_333_333L);
                repeated.Add(frame);
            }

            return repeated;
        }

        using OpenCvFrameSource source = OpenCvFrameSource.OpenFile(path, ReplayPacing.AsFastAsPossible);
        var pool = new FramePool(source.Width, source.Height, count);
        var frames = new List<Frame>(count);
        long periodNs = (long)(1e9 / (source.Fps > 0 ? source.Fps : 25));
        for (int i = 0; i < count; i++)
        {
            if (!pool.TryRent(out Frame? frame) || !source.TryCapture(frame))
            {
                throw new InvalidDataException($"{path} has {i} frames; {count} are needed (--frames + --warm-up)");
            }

            frame.Stamp = new FrameStamp(i, i * periodNs, i * periodNs);
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Nearest-rank quantile <paramref name="q"/> of sorted values.</summary>
    public static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static PoseBenchRow Unavailable(string subject, ExecutionProvider provider, int threads, string? reason) =>
        new(subject, Name(provider), threads, 0, 0, 0, 0,
            $"no {Name(provider).ToUpperInvariant()} device here{(reason is null ? "" : ": " + Commands.CommandErrors.OneLine(reason))}");

    private static string Name(ExecutionProvider provider) => provider.ToString().ToLowerInvariant();

    /// <summary>
    /// Keeps the first warning the model loader logged — the one that says why a provider did not
    /// open (missing from the build, or failed to initialise, with ONNX Runtime's reason) — and drops
    /// everything else.
    /// </summary>
    private sealed class FirstWarningLogger : ILogger
    {
        public string? FirstWarning { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && FirstWarning is null)
            {
                FirstWarning = formatter(state, exception);
            }
        }
    }
}
