using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Actuators;

namespace RobotEdge.Control.Tests.Safety;

/// <summary>
/// A two-joint (pan-tilt) control loop at 500 Hz on the lockstep clock, driving the simulator's
/// actuators through the real controller and safety layer. Ground truth comes from the simulator.
/// </summary>
internal sealed class SafetyRig : IDisposable
{
    public const double RateHz = 500;
    public const long PeriodNs = 2_000_000;

    private long _goalSequence;

    public SafetyRig(SafetyConfig? config = null, double[]? initialRad = null)
    {
        Limits = new JointLimitSet([-2.6, -1.2], [2.6, 1.2], [3.0, 3.0], [1.5, 1.5]);
        Config = config ?? new SafetyConfig();
        Simulator = new SimulatedActuatorBus(Clock, Limits.LowerRad, Limits.UpperRad, Limits.MaxVelocityRadPerS, 0.015, initialRad ?? [0.0, 0.0]);
        Bus = new FaultInjectingBus(Simulator);
        Safety = new SafetySupervisor(Limits, Config, RateHz);
        Loop = new ControlLoop(Bus, Goals, new JointTrackingController(Limits, new ControlConfig()), RateHz, Safety);
    }

    public LockstepClock Clock { get; } = new();
    public JointLimitSet Limits { get; }
    public SafetyConfig Config { get; }
    public SimulatedActuatorBus Simulator { get; }
    public FaultInjectingBus Bus { get; }
    public LatestMailbox<JointGoal> Goals { get; } = new();
    public SafetySupervisor Safety { get; }
    public ControlLoop Loop { get; }
    public long Ticks { get; private set; }

    /// <summary>The simulator's true joint state now.</summary>
    public JointState Truth
    {
        get
        {
            Simulator.TrueState.TryPeekLatest(out JointState s);
            return s;
        }
    }

    /// <summary>Runs one control tick at the next tick time.</summary>
    public ControlTickResult Step()
    {
        Clock.AdvanceTo(Ticks * PeriodNs);
        ControlTickResult r = Loop.Tick(Clock.NowNs);
        Ticks++;
        return r;
    }

    /// <summary>Runs <paramref name="count"/> ticks; <paramref name="each"/> sees each tick's result.</summary>
    public void Run(int count, Action<ControlTickResult>? each = null)
    {
        for (int i = 0; i < count; i++)
        {
            ControlTickResult r = Step();
            each?.Invoke(r);
        }
    }

    public static JointGoal Goal(long sequence, long captureNs, double pan, double tilt) => new()
    {
        Stamp = new FrameStamp(sequence, captureNs, 0),
        JointCount = 2,
        PositionsRad = JointVector.From([pan, tilt]),
    };

    /// <summary>Publishes a planner (auto) goal stamped now.</summary>
    public void PublishAuto(double pan, double tilt) => Goals.Publish(Goal(_goalSequence++, Clock.NowNs, pan, tilt));

    /// <summary>Publishes an operator (manual) goal stamped now.</summary>
    public void PublishManual(double pan, double tilt) => Loop.ManualGoals.Publish(Goal(_goalSequence++, Clock.NowNs, pan, tilt));

    /// <summary>Drives the loop with a moving auto goal (a 0.8 rad, 0.5 Hz sine on pan) for <paramref name="ticks"/> ticks at 30 goals/s.</summary>
    public void RunTracking(int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            if (Ticks % 17 == 0)
            {
                double t = Clock.NowNs * 1e-9;
                PublishAuto(0.8 * Math.Sin(Math.PI * t), 0.3 * Math.Sin(0.5 * Math.PI * t));
            }

            Step();
        }
    }

    public void Dispose() => Bus.Dispose();
}
