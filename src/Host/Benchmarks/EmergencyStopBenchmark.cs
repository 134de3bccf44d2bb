using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Sim.Actuators;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// E-stop latency in real time: the robot's control loop runs at its configured rate on its own
/// thread (SCHED_FIFO when granted) against the simulated joints, tracking a moving goal; another
/// thread requests an e-stop at a random moment, and the safety layer reports the time from the
/// request to the first stop command handed to the bus. Prints figures; asserts nothing.
/// </summary>
public static class EmergencyStopBenchmark
{
    /// <summary>The figures of one run.</summary>
    /// <param name="Trials">E-stops measured.</param>
    /// <param name="PeriodUs">Control period, µs.</param>
    /// <param name="P50Us">Median request → first stop command latency, µs.</param>
    /// <param name="P99Us">99th percentile, µs.</param>
    /// <param name="MaxUs">Largest, µs.</param>
    /// <param name="MaxTicks">Largest latency in ticks (1 = the tick after the request).</param>
    /// <param name="RealtimeScheduling">Whether the control thread got SCHED_FIFO.</param>
    public sealed record Result(int Trials, double PeriodUs, double P50Us, double P99Us, double MaxUs, long MaxTicks, bool RealtimeScheduling);

    /// <summary>Runs <paramref name="trials"/> e-stops against the robot in <paramref name="config"/>.</summary>
    public static Result Run(RobotConfig config, int trials)
    {
        KinematicChain chain = KinematicChain.FromDescription(UrdfParser.Load(config.Resolve(config.Urdf)), config.BaseLink, config.CameraLink);
        JointLimitSet limits = JointLimitSet.FromChain(chain, config.Control.VelocityLimitScale);
        using var bus = new SimulatedActuatorBus(MonotonicClock.Instance, limits.LowerRad, limits.UpperRad, limits.MaxVelocityRadPerS,
            config.Sim.ActuatorTimeConstantMs * 1e-3, new double[limits.Count]);
        var safety = new SafetySupervisor(limits, config.Safety, config.Control.RateHz);
        safety.RequestMode(SafetyMode.Auto);
        var goals = new LatestMailbox<JointGoal>();
        var loop = new ControlLoop(bus, goals, new JointTrackingController(limits, config.Control), config.Control.RateHz, safety);

        bool stop = false, realtime = false;
        var control = new Thread(() =>
        {
            realtime = RealtimeScheduling.TryElevateCurrentThread(40);
            long next = MonotonicClock.GetTimestampNs();
            while (!Volatile.Read(ref stop))
            {
                PreciseWait.Until(next);
                loop.Tick(MonotonicClock.GetTimestampNs());
                next += loop.PeriodNs;
                long now = MonotonicClock.GetTimestampNs();
                if (now - next > loop.PeriodNs)
                {
                    next = now;
                }
            }
        }) { Name = "robotedge-control", IsBackground = true, Priority = ThreadPriority.Highest };
        control.Start();

        var random = new Random(7); // fixed seed: the same request moments on every run
        var latencyUs = new double[trials];
        long maxTicks = 0, sequence = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            // Track a moving goal for 40–100 ms, then stop at a random phase of the control period.
            long until = MonotonicClock.GetTimestampNs() + (long)((40 + random.NextDouble() * 60) * 1e6);
            while (MonotonicClock.GetTimestampNs() < until)
            {
                double t = MonotonicClock.GetTimestampNs() * 1e-9;
                JointVector target = default;
                for (int j = 0; j < limits.Count; j++)
                {
                    target[j] = 0.5 * Math.Sin(2 * t + j);
                }

                goals.Publish(new JointGoal { Stamp = new FrameStamp(sequence++, MonotonicClock.GetTimestampNs(), 0), JointCount = limits.Count, PositionsRad = target });
                Thread.Sleep(5);
            }

            PreciseWait.Until(MonotonicClock.GetTimestampNs() + (long)(random.NextDouble() * loop.PeriodNs));
            safety.RequestEmergencyStop();
            while (!safety.IsEmergencyStopLatched)
            {
                Thread.SpinWait(20);
            }

            latencyUs[trial] = safety.LastEmergencyStopLatencyNs * 1e-3;
            maxTicks = Math.Max(maxTicks, safety.LastEmergencyStopLatencyTicks);
            safety.ResetEmergencyStop();
            while (safety.IsEmergencyStopLatched)
            {
                Thread.Sleep(1);
            }
        }

        Volatile.Write(ref stop, true);
        control.Join();
        Array.Sort(latencyUs);
        double Percentile(double q) => latencyUs[Math.Clamp((int)Math.Ceiling(q * trials) - 1, 0, trials - 1)];
        return new Result(trials, loop.PeriodNs * 1e-3, Percentile(0.5), Percentile(0.99), latencyUs[^1], maxTicks, realtime);
    }
}
