using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using RobotEdge.Bus.Clocks;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bench loop</c>: the figures of the simulated loop — end-to-end latency over many
/// lockstep frames, steady-state allocation, the inference stage against a bare
/// <c>InferenceSession.Run</c>, and preprocessing time against frame size. Prints figures; asserts
/// nothing (tests never time anything).
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot folder", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var frames = new Option<int>("--frames") { Description = "lockstep frames for the latency distribution", DefaultValueFactory = _ => 10_000 };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var loop = new Command("loop", "Benchmark the simulated sense-compute-act loop") { robot, frames, report };
        loop.SetAction(parse => RunLoop(parse.GetValue(robot)!, parse.GetValue(frames), parse.GetValue(report)));
        var busReport = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var seconds = new Option<double>("--seconds") { Description = "measured time per configuration", DefaultValueFactory = _ => 3 };
        var bus = new Command("bus", "Benchmark a 6-servo bus cycle (sync write + sync read) over a pseudo-terminal, termios and System.IO.Ports side by side") { busReport, seconds };
        bus.SetAction(parse => RunBus(parse.GetValue(seconds), parse.GetValue(busReport)));
        var estopRobot = new Option<string>("--robot") { Description = "robot folder", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var trials = new Option<int>("--trials") { Description = "e-stops to measure", DefaultValueFactory = _ => 200 };
        var estop = new Command("estop", "E-stop latency in real time: request to the first stop command") { estopRobot, trials };
        estop.SetAction(parse => RunEmergencyStop(parse.GetValue(estopRobot)!, parse.GetValue(trials)));
        var videoRobot = new Option<string>("--robot") { Description = "robot folder", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var videoFrames = new Option<int>("--frames") { Description = "simulator frames to encode per format", DefaultValueFactory = _ => 60 };
        var video = new Command("video", "The console's video formats on simulator frames: JPEG, PNG (zlib), raw") { videoRobot, videoFrames };
        video.SetAction(parse => RunVideo(parse.GetValue(videoRobot)!, parse.GetValue(videoFrames)));
        return new Command("bench", "Benchmarks that print figures") { loop, bus, estop, video, VisionBenchCommand.Create(), EdgeBenchCommand.Create(), PoseBenchCommand.Create(), RtBenchCommand.Create() };
    }

    private static int RunLoop(string robotPath, int frames, string? reportPath)
    {
        using ILoggerFactory loggers = Logging.CreateFactory(LogLevel.Warning);
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        var figures = new Dictionary<string, object>();

        Console.WriteLine($"[1/3] end-to-end latency over {frames} lockstep frames");
        using (SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime: false, loggers))
        {
            RunReport run = SimCommand.Run(rig, frames, realTime: false, progress: new ProgressLine(frames));
            Console.WriteLine($"      latency ms: p50 {run.LatencyMs.P50:F3}  p99 {run.LatencyMs.P99:F3}  p99.9 {run.LatencyMs.P999:F3}  max {run.LatencyMs.Max:F3}  (misses {run.Misses})");
            Console.WriteLine($"      allocated bytes per frame (steady state): {run.AllocatedBytesPerFrame}");
            figures["lockstep"] = run;

            Console.WriteLine("[2/3] inference stage (IoBinding, as the loop runs it) against a bare InferenceSession.Run");
            figures["inference"] = CompareInference(rig, config.Model.IntraOpThreads);
        }

        Console.WriteLine("[3/3] preprocessing (letterbox + normalise + HWC->CHW) against frame size");
        figures["preprocess"] = BenchPreprocessing(SimulatedRobotRig.LoadOrGenerateCard(config, loggers.CreateLogger("bench")).Input);

        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }

    private static int RunVideo(string robotPath, int frames)
    {
        if (frames <= 0)
        {
            Console.Error.WriteLine("--frames must be positive");
            return 2;
        }

        RobotConfig config = RobotConfigLoader.Load(robotPath);
        Console.WriteLine($"console video: {frames} simulator frames of {config.Camera.Width}x{config.Camera.Height}, as rendered (clean) and with " +
                          $"±{Benchmarks.VideoEncodingBenchmark.NoiseLevels} levels of sensor noise (noisy); median per frame");
        foreach (var r in Benchmarks.VideoEncodingBenchmark.Run(config, frames))
        {
            Console.WriteLine($"  {(r.Noisy ? "noisy" : "clean"),-5} {r.Format,-34} {r.MedianMs,7:F2} ms  {r.Bytes / 1024,8:F1} KiB  ({r.Bytes * 15 * 8 / 1e6,6:F2} Mbit/s at 15 fps)");
        }

        return 0;
    }

    private static int RunEmergencyStop(string robotPath, int trials)
    {
        if (trials <= 0)
        {
            Console.Error.WriteLine("--trials must be positive");
            return 2;
        }

        RobotConfig config = RobotConfigLoader.Load(robotPath);
        Console.WriteLine($"e-stop latency, real time, {trials} requests at random moments, control loop at {config.Control.RateHz} Hz");
        var r = Benchmarks.EmergencyStopBenchmark.Run(config, trials);
        Console.WriteLine($"request -> first stop command: p50 {r.P50Us:F0} us, p99 {r.P99Us:F0} us, max {r.MaxUs:F0} us " +
                          $"(control period {r.PeriodUs:F0} us); at most {r.MaxTicks} tick(s); SCHED_FIFO: {(r.RealtimeScheduling ? "yes" : "no")}");
        return 0;
    }

    /// <summary>
    /// Runs the bus benchmark for Dynamixel and Feetech at 1 and 4 Mbps over both serial transports
    /// (termios, System.IO.Ports) on the same pseudo-terminal set-up and prints one table.
    /// </summary>
    private static int RunBus(double seconds, string? reportPath)
    {
        var results = new List<Sim.Benchmarks.BusBenchmarkResult>();
        Console.WriteLine($"6 servos, pseudo-terminal, {seconds:0.##} s per row; control thread = Write + TryRead about once per ms");
        Console.WriteLine($"{"protocol",-14} {"Mbps",4} {"transport",-9} {"cycles/s",8} {"ctl mean us",11} {"ctl p99 us",10} {"ctl B/call",10} {"proc B/cycle",12} {"CRC",4} {"missed",6}");
        foreach (var protocol in new[] { Control.Buses.ServoProtocol.DynamixelX, Control.Buses.ServoProtocol.FeetechSts3215 })
        {
            foreach (int baud in new[] { 1_000_000, 4_000_000 })
            {
                foreach (var kind in new[] { Bus.Transports.Serial.SerialPortKind.Termios, Bus.Transports.Serial.SerialPortKind.System })
                {
                    var r = Sim.Benchmarks.BusBenchmark.Run(6, baud, TimeSpan.FromSeconds(seconds), protocol, kind);
                    results.Add(r);
                    Console.WriteLine($"{protocol,-14} {baud / 1e6,4:F0} {(kind == Bus.Transports.Serial.SerialPortKind.Termios ? "termios" : "system"),-9} {r.CyclesPerSecond,8:F0} " +
                                      $"{r.ControlCallMeanUs,11:F2} {r.ControlCallP99Us,10:F2} {r.ControlThreadBytesPerCall,10:F1} {r.ProcessBytesPerCycle,12:F0} {r.CrcErrors,4} {r.MissedReplies,6}");
                }
            }
        }

        Console.WriteLine("note: a pseudo-terminal does not throttle to the baud rate; cycles/s measure protocol and scheduling cost, not wire time.");
        Console.WriteLine("transport: termios = LinuxSerialPort (?port=termios), system = System.IO.Ports (?port=system); proc B/cycle counts every thread (bus I/O, the transport's own, the virtual servos).");
        if (reportPath is not null)
        {
            var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
            options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter<Bus.Transports.Serial.SerialPortKind>(JsonNamingPolicy.CamelCase));
            File.WriteAllText(reportPath, JsonSerializer.Serialize(results, options));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }

    /// <summary>
    /// Alternates the two calls on the same input so that drift (frequency, other load) hits both
    /// alike; compares medians.
    /// </summary>
    private static object CompareInference(SimulatedRobotRig rig, int intraOpThreads)
    {
        const int Runs = 3000;
        var model = (rig.PoseModel ?? throw new InvalidDataException("this benchmark times one pose model; the robot's card is a blazepose card (use bench pose)")).Model;
        InferenceSession session = model.Session;
        using var runOptions = new RunOptions();
        long[] shape = model.InputShape;
        float[] input = model.InputTensor.ToArray();
        using OrtValue inputValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        string[] inputNames = [model.Card.Input.Name];
        string[] outputNames = [model.Card.Output.Name];
        OrtValue[] inputs = [inputValue];

        (double stageMedian, double bareMedian, double stageBytes) = TimeAgainstBareRun(model.Run);
        double ratio = stageMedian / bareMedian;
        Console.WriteLine($"      stage (RunWithBinding, {model.Provider} provider, input {model.InputBindingMode}) median {stageMedian:F4} ms, " +
                          $"bare Run median {bareMedian:F4} ms, ratio {ratio:F3}; stage allocates {stageBytes:F1} B/run");

        // The device providers' binding path (input bound again before every run), timed here on the CPU provider.
        using var rebinding = OnnxPoseModel.Load(model.Card, [ExecutionProvider.Cpu], NullLogger.Instance, intraOpThreads,
            bindingMode: InputBindingMode.RebindEachRun);
        model.InputTensor.CopyTo(rebinding.InputTensor);
        (double rebindMedian, double rebindBareMedian, double rebindBytes) = TimeAgainstBareRun(rebinding.Run);
        double rebindRatio = rebindMedian / rebindBareMedian;
        Console.WriteLine($"      stage with input RebindEachRun (the CUDA/TensorRT path, here on CPU) median {rebindMedian:F4} ms, " +
                          $"bare Run median {rebindBareMedian:F4} ms, ratio {rebindRatio:F3}; allocates {rebindBytes:F1} B/run");
        return new
        {
            runs = Runs, provider = model.Provider.ToString(), inputBinding = model.InputBindingMode.ToString(), stageMedianMs = stageMedian,
            bareRunMedianMs = bareMedian, ratio, stageAllocatedBytesPerRun = stageBytes,
            rebindEachRunMedianMs = rebindMedian, rebindEachRunBareRunMedianMs = rebindBareMedian, rebindEachRunRatio = rebindRatio,
            rebindEachRunAllocatedBytesPerRun = rebindBytes,
        };

        // Each stage run is followed by a bare run of the same session on the same input, so both see the same load.
        (double StageMedianMs, double BareMedianMs, double StageBytesPerRun) TimeAgainstBareRun(Action runStage)
        {
            var stage = new double[Runs];
            var bare = new double[Runs];
            for (int i = 0; i < 200; i++)
            {
                runStage();
                using var warm = session.Run(runOptions, inputNames, inputs, outputNames);
            }

            long stageAllocated = 0;
            for (int i = 0; i < Runs; i++)
            {
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                runStage();
                long t1 = Stopwatch.GetTimestamp();
                stageAllocated += GC.GetAllocatedBytesForCurrentThread() - a0;
                using (var outputs = session.Run(runOptions, inputNames, inputs, outputNames))
                {
                    long t2 = Stopwatch.GetTimestamp();
                    stage[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                    bare[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
                }
            }

            return (Median(stage), Median(bare), (double)stageAllocated / Runs);
        }
    }

    private static object BenchPreprocessing(ModelInputSpec card)
    {
        const int Runs = 2000;
        (int W, int H)[] sizes = [(320, 240), (640, 480), (1280, 720), (1920, 1080)];
        var results = new List<object>();
        foreach (ResizeMode mode in new[] { ResizeMode.Bilinear, ResizeMode.Nearest })
        {
            var spec = new ModelInputSpec
            {
                Name = card.Name, Width = card.Width, Height = card.Height, ChannelOrder = card.ChannelOrder,
                Mean = card.Mean, Std = card.Std, PadValue = card.PadValue, Resize = mode,
            };
            foreach ((int w, int h) in sizes)
            {
                var pre = new FramePreprocessor(spec, w, h);
                var frame = new byte[w * h * 3];
                new Random(1).NextBytes(frame);
                var tensor = GC.AllocateArray<float>(pre.TensorLength, pinned: true);
                pre.WriteBorder(tensor);
                for (int i = 0; i < 300; i++)
                {
                    pre.Run(frame, w * 3, tensor);
                }

                var times = new double[Runs];
                for (int i = 0; i < Runs; i++)
                {
                    long t0 = MonotonicClock.GetTimestampNs();
                    pre.Run(frame, w * 3, tensor);
                    times[i] = (MonotonicClock.GetTimestampNs() - t0) * 1e-6;
                }

                double median = Median(times);
                Console.WriteLine($"      {mode,-8} {w}x{h} -> {spec.Width}x{spec.Height}: median {median:F4} ms, p99 {Percentile(times, 0.99):F4} ms");
                results.Add(new { mode = mode.ToString().ToLowerInvariant(), width = w, height = h, medianMs = median, p99Ms = Percentile(times, 0.99) });
            }
        }

        return results;
    }

    private static double Median(double[] values) => Percentile(values, 0.5);

    private static double Percentile(double[] values, double q)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
