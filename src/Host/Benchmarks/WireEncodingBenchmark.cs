using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Vision.Images;
using RobotEdge.Vision.Preprocessing;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// What a frame costs on the edge wire, per encoding: the robot's CPU time to produce the bytes
/// from a captured frame, the bytes, the server's CPU time to turn them into the model's input
/// tensor, and how far the keypoints found from that tensor lie from those of the lossless tensor.
/// Transfer time is computed from the bytes for a given link rate (loopback measures memory
/// copies, not a site network). Encodings:
/// <list type="bullet">
/// <item>tensor uint8 (the default): the robot letterboxes and sends one byte per value;</item>
/// <item>tensor float32: the same, four bytes per value;</item>
/// <item>JPEG frame: the robot compresses the camera frame, the server decodes and letterboxes it;</item>
/// <item>JPEG tensor: the robot letterboxes, then compresses the model-sized image.</item>
/// </list>
/// </summary>
public static class WireEncodingBenchmark
{
    /// <summary>One encoding's figures: medians over the replayed frames.</summary>
    public sealed record Row(string Encoding, double Bytes, double RobotMs, double ServerMs, double MeanErrorPx, double MaxErrorPx)
    {
        /// <summary>Robot + transfer at <paramref name="megabitsPerSecond"/> + server, ms per frame.</summary>
        public double EndToEndMs(double megabitsPerSecond) => RobotMs + TransferMs(megabitsPerSecond) + ServerMs;

        /// <summary>Bytes on a link of <paramref name="megabitsPerSecond"/>, ms.</summary>
        public double TransferMs(double megabitsPerSecond) => Bytes * 8 / (megabitsPerSecond * 1e3);
    }

    /// <summary>Measures every encoding over the replay's frames, <paramref name="rounds"/> passes each.</summary>
    public static IReadOnlyList<Row> Measure(EdgeBenchmark.Replay replay, ILoggerFactory loggers, int rounds = 10)
    {
        ModelCard card = replay.Card;
        int width = replay.FrameWidth, height = replay.FrameHeight;
        using var estimator = new PoseEstimator(OnnxPoseModel.Load(card, [ExecutionProvider.Cpu], loggers.CreateLogger("bench")), width, height);
        var robotSide = new OpenCvFramePreprocessor(card.Input, width, height);
        var serverSide = new OpenCvFramePreprocessor(card.Input, width, height);
        var codec = new PixelTensorCodec(card.Input);
        int tensorLength = codec.TensorLength;
        int side = card.Input.Width, plane = codec.PlaneLength;
        var tensor = new float[tensorLength];
        var serverTensor = new float[tensorLength];
        var bytes = new byte[tensorLength];
        var modelImage = new byte[tensorLength];
        var decodedFrame = new byte[width * height * 3];
        var wire = new byte[width * height * 3];
        int frames = replay.Pixels.Length;
        robotSide.WriteBorder(tensor); // the letterbox's padding is written once; frames fill the content
        serverSide.WriteBorder(serverTensor);

        // The reference: keypoints of every frame from its lossless float tensor.
        var reference = new Keypoint[frames][];
        for (int f = 0; f < frames; f++)
        {
            robotSide.Run(replay.Pixels[f], width * 3, tensor);
            reference[f] = Infer(estimator, tensor);
        }

        var rows = new List<Row>
        {
            Run("tensor uint8", (f, output) =>
            {
                robotSide.Run(replay.Pixels[f], width * 3, tensor);
                codec.Encode(tensor, output);
                return tensorLength;
            }, (input, destination) => codec.Decode(input.Span, destination)),
            Run("tensor float32", (f, output) =>
            {
                robotSide.Run(replay.Pixels[f], width * 3, tensor);
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan()).CopyTo(output);
                return tensorLength * sizeof(float);
            }, (input, destination) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(input.Span).CopyTo(destination)),
        };

        foreach (int quality in new[] { 90, 75 })
        {
            rows.Add(Run($"JPEG frame q{quality}",
                (f, output) => JpegCodec.Encode(replay.Pixels[f], width, height, quality, output),
                (input, destination) =>
                {
                    JpegCodec.Decode(input.Span, decodedFrame, width, height);
                    serverSide.Run(decodedFrame, width * 3, destination);
                }));
        }

        rows.Add(Run("JPEG tensor q90", (f, output) =>
        {
            robotSide.Run(replay.Pixels[f], width * 3, tensor);
            codec.Encode(tensor, bytes);
            Interleave(bytes, modelImage, plane, card.Input.ChannelOrder);
            return JpegCodec.Encode(modelImage, side, card.Input.Height, 90, output);
        }, (input, destination) =>
        {
            JpegCodec.Decode(input.Span, modelImage, side, card.Input.Height);
            Deinterleave(modelImage, bytes, plane, card.Input.ChannelOrder);
            codec.Decode(bytes, destination);
        }));
        return rows;

        Row Run(string name, Func<int, byte[], int> robot, Action<ReadOnlyMemory<byte>, float[]> server)
        {
            var robotMs = new List<double>();
            var serverMs = new List<double>();
            var sizes = new List<double>();
            double errorSum = 0, errorMax = 0;
            int errorCount = 0;
            for (int round = -1; round < rounds; round++) // round −1 warms up
            {
                for (int f = 0; f < frames; f++)
                {
                    long t0 = MonotonicClock.GetTimestampNs();
                    int length = robot(f, wire);
                    long t1 = MonotonicClock.GetTimestampNs();
                    server(wire.AsMemory(0, length), serverTensor);
                    long t2 = MonotonicClock.GetTimestampNs();
                    if (round < 0)
                    {
                        continue;
                    }

                    robotMs.Add((t1 - t0) / 1e6);
                    serverMs.Add((t2 - t1) / 1e6);
                    sizes.Add(length);
                    if (round == 0)
                    {
                        Keypoint[] found = Infer(estimator, serverTensor);
                        for (int k = 0; k < found.Length; k++)
                        {
                            double error = Math.Sqrt(Square(found[k].XPx - reference[f][k].XPx) + Square(found[k].YPx - reference[f][k].YPx));
                            errorSum += error;
                            errorMax = Math.Max(errorMax, error);
                            errorCount++;
                        }
                    }
                }
            }

            return new Row(name, Median(sizes), Median(robotMs), Median(serverMs), errorSum / Math.Max(1, errorCount), errorMax);
        }
    }

    private static Keypoint[] Infer(PoseEstimator estimator, float[] tensor)
    {
        tensor.CopyTo(estimator.Model.InputTensor);
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        estimator.InferPreprocessed(default, ref estimate, ref timings);
        var keypoints = new Keypoint[estimate.KeypointCount];
        for (int k = 0; k < keypoints.Length; k++)
        {
            keypoints[k] = estimate.Keypoints[k];
        }

        return keypoints;
    }

    /// <summary>Planar tensor bytes (the card's channel order) → interleaved BGR, as a JPEG codec expects.</summary>
    private static void Interleave(ReadOnlySpan<byte> planar, Span<byte> bgr, int plane, ChannelOrder order)
    {
        int blue = order == ChannelOrder.Rgb ? 2 : 0, red = 2 - blue;
        for (int i = 0; i < plane; i++)
        {
            bgr[3 * i] = planar[blue * plane + i];
            bgr[3 * i + 1] = planar[plane + i];
            bgr[3 * i + 2] = planar[red * plane + i];
        }
    }

    private static void Deinterleave(ReadOnlySpan<byte> bgr, Span<byte> planar, int plane, ChannelOrder order)
    {
        int blue = order == ChannelOrder.Rgb ? 2 : 0, red = 2 - blue;
        for (int i = 0; i < plane; i++)
        {
            planar[blue * plane + i] = bgr[3 * i];
            planar[plane + i] = bgr[3 * i + 1];
            planar[red * plane + i] = bgr[3 * i + 2];
        }
    }

    private static double Square(double x) => x * x;

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[(values.Count - 1) / 2];
    }
}
