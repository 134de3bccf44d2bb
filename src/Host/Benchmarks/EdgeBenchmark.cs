using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Pipeline;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// N robots at 30 Hz against one edge server on this machine. Each robot replays pre-rendered,
/// pre-encoded frames of the default scenario (so the server is what is measured, not the
/// renderer), over its own WebSocket with the real <see cref="EdgeClient"/>, at its own camera
/// phase (uniformly spread, seeded), and waits for each answer until its edge deadline — capture
/// + 50 ms − 3 ms for planning and control − 10 ms kept for the on-board fallback — as a robot
/// does. A frame is a hit when its pose arrives by then; otherwise it counts as a fallback (the
/// robot would serve it on board). The sweep runs for the deadline scheduler and for the
/// first-come-first-served, batch-of-one baseline in the same process, one after the other.
/// </summary>
public static class EdgeBenchmark
{
    /// <summary>Camera period, ns (30 Hz).</summary>
    public const long FramePeriodNs = 33_333_333;

    /// <summary>Capture → edge answer needed by, ms (50 ms end to end − 3 ms after perception − 10 ms on-board reserve).</summary>
    public const double EdgeDeadlineMs = 37;

    private const int ReplayFrames = 30;

    /// <summary>Runs one policy at one robot count for <paramref name="seconds"/> measured seconds.</summary>
    /// <param name="policy">deadline or fcfs.</param>
    /// <param name="robots">Robots at 30 Hz.</param>
    /// <param name="seconds">Measured seconds.</param>
    /// <param name="replay">Frames to replay.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="intraOpThreads">Threads the server's ONNX Runtime session may use for one run.</param>
    /// <param name="pixelBytes">Send the tensor as one byte per value (default), or as float32.</param>
    public static EdgeBenchPoint Measure(string policy, int robots, double seconds, Replay replay, int intraOpThreads, ILoggerFactory loggers, bool pixelBytes = true)
    {
        // Each robot of this process stands for a robot process of its own, whose compute thread
        // blocks on its socket's sends and answers: the thread pool must have a thread per robot
        // at hand from the start, not grow to it at its injection rate of one or two a second
        // (measured before this: runs flipped between 99% and 20% hits at the same robot count).
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, robots + 16), io);

        SiteFile site = Site(robots);
        EdgeServer server = EdgeServer.StartAsync(new EdgeServerOptions { Url = "http://127.0.0.1:0", Card = replay.Card, Site = site, Policy = policy, QueueCap = 64, IntraOpThreads = intraOpThreads }, loggers)
            .GetAwaiter().GetResult();
        var clients = new EdgeClient[robots];
        try
        {
            for (int i = 0; i < robots; i++)
            {
                clients[i] = new EdgeClient(new EdgeClientOptions { Endpoint = server.RobotEndpoint, Token = site.Robots[i].Token, SendPixelBytes = pixelBytes },
                    replay.Card, replay.FrameWidth, replay.FrameHeight, loggers.CreateLogger("bench"));
                clients[i].Start();
            }

            long joinUntil = MonotonicClock.GetTimestampNs() + 10_000_000_000;
            while (clients.Any(c => !c.IsHealthy) && MonotonicClock.GetTimestampNs() < joinUntil)
            {
                Thread.Sleep(10);
            }

            var random = new Random(robots * 7919 + policy.Length); // Seeded: the same camera phases every run.
            long warmupNs = 1_000_000_000;
            long start = MonotonicClock.GetTimestampNs() + 200_000_000;
            long measureFrom = start + warmupNs;
            long end = measureFrom + (long)(seconds * 1e9);
            var results = new RobotResult[robots];
            long batchesBefore = 0, itemsBefore = 0, lateBefore = 0;
            long deadlineBefore = 0, fairBefore = 0, supersededBefore = 0, fullBefore = 0;
            var threads = new Thread[robots];
            for (int i = 0; i < robots; i++)
            {
                int robot = i;
                long phase = (long)(random.NextDouble() * FramePeriodNs);
                threads[i] = new Thread(() => results[robot] = RunRobot(clients[robot], replay, start + phase, measureFrom, end)) { Name = $"bench-robot-{i}", IsBackground = true };
                threads[i].Start();
            }

            PreciseWait.Until(measureFrom);
            EdgeStatistics s = server.Statistics;
            (batchesBefore, itemsBefore, lateBefore) = (s.Batches, s.BatchedItems, s.LateCompletions);
            (deadlineBefore, fairBefore, supersededBefore, fullBefore) = (s.RejectedDeadline, s.RejectedFairShare, s.RejectedSuperseded, s.RejectedQueueFull);
            int gen2Before = GC.CollectionCount(2);
            TimeSpan pausedBefore = GC.GetTotalPauseDuration();
            foreach (Thread t in threads)
            {
                t.Join();
            }

            long batches = s.Batches - batchesBefore, items = s.BatchedItems - itemsBefore;
            (double serviceTypical, double servicePredicted) = server.ServiceTimeOfOne;
            int gen2 = GC.CollectionCount(2) - gen2Before;
            double pausedMs = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;
            var latencies = results.SelectMany(r => r.LatenciesMs).ToArray();
            Array.Sort(latencies);
            long frames = results.Sum(r => r.Frames);
            long hits = results.Sum(r => r.Hits);
            return new EdgeBenchPoint
            {
                Robots = robots,
                Frames = frames,
                HitRate = frames == 0 ? 0 : (double)hits / frames,
                P50Ms = latencies.Length == 0 ? null : Percentile(latencies, 0.50),
                P99Ms = latencies.Length == 0 ? null : Percentile(latencies, 0.99),
                MeanBatch = batches == 0 ? 0 : (double)items / batches,
                Rejected = results.Sum(r => r.Rejected),
                Fallbacks = frames - hits,
                LateCompletions = s.LateCompletions - lateBefore,
                RejectedDeadline = s.RejectedDeadline - deadlineBefore,
                RejectedFairShare = s.RejectedFairShare - fairBefore,
                RejectedSuperseded = s.RejectedSuperseded - supersededBefore,
                RejectedQueueFull = s.RejectedQueueFull - fullBefore,
                ServiceTypicalMs = serviceTypical,
                ServicePredictedMs = servicePredicted,
                Gen2Collections = gen2,
                MaxClockOffsetErrorMs = clients.Max(c => Math.Abs(c.Clock.OffsetNs)) / 1e6,
                GcPauseMs = pausedMs,
            };
        }
        finally
        {
            foreach (EdgeClient? c in clients)
            {
                c?.Dispose();
            }

            server.StopAsync(TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Time from killing the server to the first frame each robot served on board: robots with the
    /// real offloading estimator (on-board model and all) replay frames at 30 Hz against a server
    /// that is killed (connections reset) after <paramref name="killAfterSeconds"/>. Per robot, ms:
    /// kill → that frame's on-board result, and (second array) the later of the kill and the frame's
    /// capture → its on-board result (how long the robot itself took to notice and fall back, without
    /// the wait for its camera's next frame).
    /// </summary>
    public static (double[] AfterKillMs, double[] FrameMs) FallbackAfterKill(int robots, double killAfterSeconds, Replay replay, RobotConfig config, ILoggerFactory loggers)
    {
        SiteFile site = Site(robots);
        EdgeServer server = EdgeServer.StartAsync(new EdgeServerOptions { Url = "http://127.0.0.1:0", Card = replay.Card, Site = site }, loggers).GetAwaiter().GetResult();
        var estimators = new OffloadingPoseEstimator[robots];
        var onBoard = new PoseEstimator[robots];
        var pools = new FramePool[robots];
        try
        {
            for (int i = 0; i < robots; i++)
            {
                onBoard[i] = new PoseEstimator(OnnxPoseModel.Load(replay.Card, [ExecutionProvider.Cpu], loggers.CreateLogger("bench")), replay.FrameWidth, replay.FrameHeight);
                var client = new EdgeClient(new EdgeClientOptions { Endpoint = server.RobotEndpoint, Token = site.Robots[i].Token }, replay.Card,
                    replay.FrameWidth, replay.FrameHeight, loggers.CreateLogger("bench"));
                estimators[i] = new OffloadingPoseEstimator(onBoard[i], client, new OffloadBudget
                {
                    EndToEndMs = config.Deadline.EndToEndMs,
                    AfterPerceptionMs = config.Deadline.PlanMs + config.Deadline.ControlMs,
                });
                client.Start();
                pools[i] = new FramePool(replay.FrameWidth, replay.FrameHeight, 2);
            }

            long joinUntil = MonotonicClock.GetTimestampNs() + 10_000_000_000;
            while (estimators.Any(e => !e.Edge.IsHealthy) && MonotonicClock.GetTimestampNs() < joinUntil)
            {
                Thread.Sleep(10);
            }

            for (int i = 0; i < robots; i++)
            {
                pools[i].TryRent(out Frame? warm);
                replay.Pixels[0].CopyTo(warm!.Pixels, 0);
                estimators[i].WarmUp(warm, 20);
                pools[i].Return(warm);
            }

            long start = MonotonicClock.GetTimestampNs() + 100_000_000;
            long killAt = start + (long)(killAfterSeconds * 1e9);
            long stopAt = killAt + 1_000_000_000;
            var firstOnBoardAfterKill = new long[robots];
            var frameToOnBoard = new long[robots];
            var random = new Random(31); // Seeded camera phases.
            var threads = new Thread[robots];
            long killedNs = long.MaxValue;
            for (int i = 0; i < robots; i++)
            {
                int robot = i;
                long phase = (long)(random.NextDouble() * FramePeriodNs);
                threads[i] = new Thread(() =>
                {
                    var estimate = default(PoseEstimate);
                    var timings = default(PerceptionTimings);
                    for (long k = 0; ; k++)
                    {
                        long capture = start + phase + k * FramePeriodNs;
                        if (capture > stopAt)
                        {
                            return;
                        }

                        PreciseWait.Until(capture);
                        pools[robot].TryRent(out Frame? frame);
                        replay.Pixels[(int)(k % replay.Pixels.Length)].CopyTo(frame!.Pixels, 0);
                        frame.Stamp = new FrameStamp(k, capture, MonotonicClock.GetTimestampNs());
                        estimators[robot].Estimate(frame, ref estimate, ref timings);
                        long done = MonotonicClock.GetTimestampNs();
                        pools[robot].Return(frame);
                        long killed = Volatile.Read(ref killedNs);
                        if (!estimators[robot].LastServedByEdge && done > killed && firstOnBoardAfterKill[robot] == 0)
                        {
                            firstOnBoardAfterKill[robot] = done - killed;
                            frameToOnBoard[robot] = done - Math.Max(killed, capture);
                        }
                    }
                }) { Name = $"bench-kill-robot-{i}", IsBackground = true };
                threads[i].Start();
            }

            PreciseWait.Until(killAt);
            Volatile.Write(ref killedNs, MonotonicClock.GetTimestampNs());
            server.KillAsync().GetAwaiter().GetResult();
            foreach (Thread t in threads)
            {
                t.Join();
            }

            return (firstOnBoardAfterKill.Select(ns => ns / 1e6).ToArray(), frameToOnBoard.Select(ns => ns / 1e6).ToArray());
        }
        finally
        {
            for (int i = 0; i < robots; i++)
            {
                estimators[i]?.Dispose();
                onBoard[i]?.Dispose();
            }

            server.StopAsync(TimeSpan.Zero).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The server's model alone: median and p99 of <paramref name="runs"/> runs per batch size
    /// 1..<paramref name="maxBatch"/> (inputs converted from pixel bytes as for real requests),
    /// ms per batch. Says whether batching pays on this machine at all.
    /// </summary>
    public static (double MedianMs, double P99Ms)[] ModelTimes(Replay replay, int maxBatch, int runs, int intraOpThreads, ILoggerFactory loggers)
    {
        using var model = Edge.Inference.BatchedPoseModel.Load(replay.Card, [ExecutionProvider.Cpu], loggers.CreateLogger("bench"), maxBatch, intraOpThreads);
        var codec = new PixelTensorCodec(replay.Card.Input);
        var result = new (double, double)[maxBatch];
        var times = new double[runs];
        for (int b = 1; b <= maxBatch; b++)
        {
            for (int i = -5; i < runs; i++)
            {
                long t0 = MonotonicClock.GetTimestampNs();
                for (int item = 0; item < b; item++)
                {
                    codec.Decode(replay.Payloads[item % replay.Payloads.Length], model.InputSlot(item));
                }

                model.Run(b);
                if (i >= 0)
                {
                    times[i] = (MonotonicClock.GetTimestampNs() - t0) / 1e6;
                }
            }

            Array.Sort(times);
            result[b - 1] = (Percentile(times, 0.5), Percentile(times, 0.99));
        }

        return result;
    }

    /// <summary>A site of <paramref name="robots"/> robots with benchmark tokens.</summary>
    private static SiteFile Site(int robots)
    {
        var site = new SiteFile();
        for (int i = 0; i < robots; i++)
        {
            site.Robots.Add(new RobotEntryConfig { Id = $"bench-{i}", Token = $"bench-token-{i:D4}-0123456789abcdef" });
        }

        return site;
    }

    private static RobotResult RunRobot(EdgeClient client, Replay replay, long firstCaptureNs, long measureFrom, long end)
    {
        var result = new RobotResult();
        var answer = default(EdgeAnswer);
        for (long k = 0; ; k++)
        {
            long capture = firstCaptureNs + k * FramePeriodNs;
            if (capture >= end)
            {
                return result;
            }

            PreciseWait.Until(capture);
            bool measured = capture >= measureFrom;
            long until = capture + (long)(EdgeDeadlineMs * 1e6);
            byte[][] payloads = client.SendsPixelBytes ? replay.Payloads : replay.FloatPayloads;
            payloads[(int)(k % payloads.Length)].CopyTo(client.TensorBytes, 0);
            long deadlineEdge = client.Clock.ToEdgeNs(until - client.Clock.RoundTripNs / 2);
            EdgeAnswerStatus status = client.Submit(k, capture, deadlineEdge, until - MonotonicClock.GetTimestampNs())
                ? client.Wait(k, until, ref answer)
                : EdgeAnswerStatus.Disconnected;
            if (!measured)
            {
                continue;
            }

            result.Frames++;
            if (status == EdgeAnswerStatus.Pose)
            {
                result.Hits++;
                result.LatenciesMs.Add((answer.ArrivedNs - capture) / 1e6);
            }
            else if (status == EdgeAnswerStatus.Rejected)
            {
                result.Rejected++;
            }
        }
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class RobotResult
    {
        public long Frames, Hits, Rejected;
        public List<double> LatenciesMs { get; } = new(1024);
    }

    /// <summary>Pre-rendered frames of the default scenario and their pre-encoded tensors.</summary>
    public sealed class Replay
    {
        /// <summary>The model card.</summary>
        public required Perception.Models.ModelCard Card { get; init; }

        /// <summary>Frame size, pixels.</summary>
        public int FrameWidth { get; init; }

        /// <summary>Frame size, pixels.</summary>
        public int FrameHeight { get; init; }

        /// <summary>BGR24 frames.</summary>
        public required byte[][] Pixels { get; init; }

        /// <summary>The frames' input tensors as pixel bytes (what a robot sends).</summary>
        public required byte[][] Payloads { get; init; }

        /// <summary>The same tensors as float32 bytes (the alternative encoding).</summary>
        public required byte[][] FloatPayloads { get; init; }

        /// <summary>Renders <see cref="ReplayFrames"/> frames of the robot's scenario through its lockstep rig.</summary>
        public static Replay Render(RobotConfig config, ILoggerFactory loggers)
        {
            using SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime: false, loggers);
            var clock = (LockstepClock)rig.Clock;
            var pixels = new byte[ReplayFrames][];
            var payloads = new byte[ReplayFrames][];
            var floats = new byte[ReplayFrames][];
            PoseEstimator onBoard = rig.PoseModel ?? throw new InvalidDataException("the edge benchmark offloads one pose model; the robot's card is a blazepose card");
            var codec = new PixelTensorCodec(onBoard.Model.Card.Input);
            var timings = default(PerceptionTimings);
            for (int i = 0; i < ReplayFrames; i++)
            {
                clock.AdvanceTo(i * rig.CameraSource.PeriodNs);
                rig.Frames.TryRent(out Frame? frame);
                rig.CameraSource.TryCapture(frame!);
                pixels[i] = (byte[])frame!.Pixels.Clone();
                onBoard.Preprocess(frame, ref timings);
                payloads[i] = new byte[codec.TensorLength];
                codec.Encode(onBoard.Model.InputTensor, payloads[i]);
                floats[i] = System.Runtime.InteropServices.MemoryMarshal.AsBytes(onBoard.Model.InputTensor).ToArray();
                rig.Frames.Return(frame);
            }

            return new Replay
            {
                Card = onBoard.Model.Card, FrameWidth = config.Camera.Width, FrameHeight = config.Camera.Height, Pixels = pixels, Payloads = payloads,
                FloatPayloads = floats,
            };
        }
    }
}
