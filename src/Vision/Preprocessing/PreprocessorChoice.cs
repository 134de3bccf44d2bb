using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Vision.Preprocessing;

/// <summary>
/// Builds the preprocessing <c>model.preprocessing</c> names: <c>opencv</c> (the default),
/// <c>managed</c> (RobotEdge's AVX2 path), or <c>auto</c> — both timed on this machine at start-up
/// on a frame of the real size, the faster kept.
/// </summary>
public static partial class PreprocessorChoice
{
    /// <summary>Timed runs per candidate in <c>auto</c> mode (after as many warm-up runs).</summary>
    private const int AutoRuns = 200;

    /// <summary>Creates the preprocessing for <paramref name="mode"/>; <c>auto</c> logs both medians and the choice.</summary>
    /// <exception cref="ArgumentException">An unknown mode.</exception>
    public static IFramePreprocessor Create(string mode, ModelInputSpec input, int frameWidth, int frameHeight, ILogger logger)
    {
        switch (mode)
        {
            case "managed":
                return new FramePreprocessor(input, frameWidth, frameHeight);
            case "opencv":
                return new OpenCvFramePreprocessor(input, frameWidth, frameHeight);
            case "auto":
                var managed = new FramePreprocessor(input, frameWidth, frameHeight);
                var opencv = new OpenCvFramePreprocessor(input, frameWidth, frameHeight);
                var frame = new byte[frameWidth * frameHeight * 3];
                new Random(1).NextBytes(frame);
                var tensor = new float[managed.TensorLength];
                double managedMs = MedianMs(managed, frame, frameWidth * 3, tensor);
                double opencvMs = MedianMs(opencv, frame, frameWidth * 3, tensor);
                IFramePreprocessor chosen = opencvMs < managedMs ? opencv : managed;
                LogChoice(logger, frameWidth, frameHeight, input.Width, input.Height, managedMs, opencvMs, chosen == opencv ? "opencv" : "managed");
                return chosen;
            default:
                throw new ArgumentException($"model.preprocessing '{mode}' is not managed, opencv or auto");
        }
    }

    private static double MedianMs(IFramePreprocessor preprocessor, byte[] frame, int stride, float[] tensor)
    {
        var times = new double[AutoRuns];
        for (int i = 0; i < AutoRuns; i++)
        {
            preprocessor.Run(frame, stride, tensor);
        }

        for (int i = 0; i < AutoRuns; i++)
        {
            long t0 = MonotonicClock.GetTimestampNs();
            preprocessor.Run(frame, stride, tensor);
            times[i] = (MonotonicClock.GetTimestampNs() - t0) * 1e-6;
        }

        Array.Sort(times);
        return times[AutoRuns / 2];
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information,
        Message = "Preprocessing {FrameWidth}x{FrameHeight} -> {TensorWidth}x{TensorHeight}: managed {ManagedMs:F3} ms, OpenCV {OpenCvMs:F3} ms (medians); using {Chosen}")]
    private static partial void LogChoice(ILogger logger, int frameWidth, int frameHeight, int tensorWidth, int tensorHeight, double managedMs, double openCvMs, string chosen);
}
