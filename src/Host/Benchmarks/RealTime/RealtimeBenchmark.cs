using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Timing;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Hosting;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.Host.Telemetry;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// <c>robotedge bench rt</c>: the machine's floor and the robot's loop side by side, in one process
/// and one run. First a cyclictest-like probe (<see cref="WakeupProbe"/>) wakes at the control period
/// and priority for <see cref="RtBenchOptions.Seconds"/>; then the simulated robot runs in real time
/// (<see cref="RealtimeRunner"/>, with a <see cref="RealtimeTrace"/> of every tick) for its warm-up
/// frames and as many seconds again. A thread sampler and the runtime's events run through both
/// phases, and <c>--hog N</c> busy threads beside them, so that every late wake-up, overrun and slow
/// frame can be matched with what was happening (<see cref="RtBenchAnalysis"/>). Prints figures;
/// asserts nothing about time.
/// </summary>
public static class RealtimeBenchmark
{
    /// <summary>Extra seconds of capacity in the trace and the sampler beyond the planned run (start-up, the stop, a loaded machine).</summary>
    private const double SlackSeconds = 30;

    /// <summary>Most thread samples kept (about 30 MB; 10 minutes at 10 ms): a longer run counts the rest as dropped.</summary>
    private const int MaxSamples = 60_000;

    /// <summary>Runs the benchmark; <paramref name="log"/> gets a line as each phase starts.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="ServiceFailedException">A robot thread failed during the loop (exit code 1).</exception>
    public static RtBenchReport Run(RtBenchOptions options, TextWriter log)
    {
        options.Validate();
        RobotConfig config = RobotConfigLoader.Load(options.RobotPath);
        using ILoggerFactory loggers = Logging.CreateFactory(LogLevel.Warning);
        using SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime: true, loggers);
        long periodNs = rig.Control.PeriodNs;
        int wakeups = Math.Max(1, (int)Math.Round(options.Seconds * 1e9 / periodNs));
        int frames = RealtimeRunner.WarmupFrames + Math.Max(1, (int)Math.Round(options.Seconds * config.Camera.Fps));
        double loopSeconds = frames / config.Camera.Fps;
        var statistics = new RunStatistics(rig.FrameTelemetry, rig.CommandTelemetry, config.Deadline, new SimulatedFrameTruth(rig.CameraSource.GroundTruth),
            rig.Perception.MinConfidence, Math.Min(frames, SimCommand.MaxStatisticsFrames), rig.Actuators.WireTimelines) { Health = rig.Health };
        var timeline = new FrameTimeline(frames);
        timeline.Attach(statistics);
        var trace = new RealtimeTrace((int)Math.Ceiling((loopSeconds + SlackSeconds) * 1e9 / periodNs));
        rig.WarmUp();

        ThreadActivitySampler? sampler = options.SampleIntervalMs > 0 && ThreadActivitySampler.Supported
            ? new ThreadActivitySampler(options.SampleIntervalMs,
                (int)Math.Min(MaxSamples, Math.Ceiling((options.Seconds + loopSeconds + SlackSeconds) * 1000 / options.SampleIntervalMs)))
            : null;
        using RuntimeEventRecorder? events = options.RuntimeEvents ? new RuntimeEventRecorder() : null;
        try
        {
            sampler?.Start();
            ProbeRun probe;
            RunOutcome outcome;
            RuntimeSnapshot probeStart, probeEnd, loopStart, loopEnd;
            using (new CpuHog(options.HogThreads, options.HogProcesses))
            {
                sampler?.RequestRescan();
                log.WriteLine($"[1/2] probe: {wakeups} wake-ups every {periodNs / 1e3:F0} us at SCHED_FIFO {RealtimeScheduling.ControlPriority}" +
                              (options.HogThreads > 0 ? $", {options.HogThreads} hog thread(s) beside it" : "") +
                              (options.HogProcesses > 0 ? $", {options.HogProcesses} hog process(es) beside it" : ""));
                probeStart = RuntimeSnapshot.Take();
                probe = WakeupProbe.Run(periodNs, wakeups, RealtimeScheduling.ControlPriority);
                probeEnd = RuntimeSnapshot.Take();
                log.WriteLine($"[2/2] loop: {config.Name}, {frames} frames ({RealtimeRunner.WarmupFrames} warm-up) at {config.Camera.Fps:0.#} fps, control at {config.Control.RateHz:0.#} Hz");
                loopStart = RuntimeSnapshot.Take();
                outcome = RealtimeRunner.Run(rig, statistics, frames, progress: null, cancel: default, trace: trace);
                loopEnd = RuntimeSnapshot.Take();
            }

            sampler?.Stop();
            if (rig.Heartbeat.Fault is { } fault)
            {
                throw new ServiceFailedException($"bench rt: {fault}", fault.Exception);
            }

            events?.Flush(loopEnd.TimeNs, TimeSpan.FromSeconds(5));
            return RtBenchAnalysis.Build(new RtBenchInputs
            {
                Options = options,
                Robot = config.Name,
                PeriodNs = periodNs,
                Priority = RealtimeScheduling.ControlPriority,
                Probe = probe,
                Trace = trace,
                Frames = timeline,
                FrameCount = frames,
                Run = RunReport.From(rig, outcome, realTime: true),
                ProbeStartNs = probeStart.TimeNs,
                ProbeEndNs = probeEnd.TimeNs,
                LoopStartNs = loopStart.TimeNs,
                LoopEndNs = loopEnd.TimeNs,
                ProbeRuntime = RuntimeSnapshot.Between(probeStart, probeEnd),
                LoopRuntime = RuntimeSnapshot.Between(loopStart, loopEnd),
                Sampler = sampler,
                Events = events,
            });
        }
        finally
        {
            sampler?.Dispose();
        }
    }
}
