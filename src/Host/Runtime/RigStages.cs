using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.Planner.Behaviours;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Everything of a robot between its camera and its actuators, built from the configuration by
/// <see cref="Build"/>: perception (<see cref="PerceptionFactory"/>), planner, safety, control loop,
/// safety log, health board, the compute stage and the hand-offs between them. Built, not started:
/// no thread or task runs until the rig's <see cref="RobotRig.Start"/>. Handed whole to the rig,
/// which owns it from then on.
/// </summary>
public sealed class RigStages
{
    /// <summary>Frame buffers: one being captured, one waiting, one being processed, one spare.</summary>
    private const int FramePoolCapacity = 4;

    /// <summary>Telemetry records buffered between the stages and the telemetry thread.</summary>
    private const int TelemetryRingCapacity = 4096;

    private RigStages()
    {
    }

    /// <summary>The robot's configuration.</summary>
    public required RobotConfig Config { get; init; }

    /// <summary>What the robot is (URDF, chain, buses, limits, intrinsics).</summary>
    public required RigModel Model { get; init; }

    /// <summary>The loop's clock.</summary>
    public required IClock Clock { get; init; }

    /// <summary>Whether the rig runs in real time.</summary>
    public required bool RealTime { get; init; }

    /// <summary>The run's one fault path (given to the edge client at construction).</summary>
    public required LoopHeartbeat Heartbeat { get; init; }

    /// <summary>Frame buffers of the camera's size.</summary>
    public required FramePool Frames { get; init; }

    /// <summary>Planner → control hand-off.</summary>
    public required LatestMailbox<JointGoal> Goals { get; init; }

    /// <summary>Compute → telemetry records.</summary>
    public required SpscRing<FrameRecord> FrameTelemetry { get; init; }

    /// <summary>Control → telemetry records.</summary>
    public required SpscRing<CommandRecord> CommandTelemetry { get; init; }

    /// <summary>Perception, owned.</summary>
    public required PerceptionStack Perception { get; init; }

    /// <summary>The planner.</summary>
    public required IJointPlanner Planner { get; init; }

    /// <summary>The safety layer.</summary>
    public required SafetySupervisor Safety { get; init; }

    /// <summary>The control loop body, driving the actuators.</summary>
    public required ControlLoop Control { get; init; }

    /// <summary>The safety log (its thread starts with the rig).</summary>
    public required SafetyEventLog SafetyLog { get; init; }

    /// <summary>The robot's health for the site view.</summary>
    public required HealthBoard Health { get; init; }

    /// <summary>Where a viewer (the operator console) gets copies of processed frames when it asks.</summary>
    public required FrameTap Tap { get; init; }

    /// <summary>Perception + planning on the compute thread.</summary>
    public required ComputeStage Compute { get; init; }

    /// <summary>
    /// Builds the stages of the robot <paramref name="config"/> describes around
    /// <paramref name="actuators"/> (which stay the caller's). Builds into locals: when a part fails,
    /// what was built is disposed and the exception goes on. Starts nothing.
    /// </summary>
    /// <param name="config">The robot.</param>
    /// <param name="model">Its description, read from <paramref name="config"/>.</param>
    /// <param name="card">Its model card (<see cref="PerceptionFactory.LoadCard"/>).</param>
    /// <param name="clock">The loop's clock.</param>
    /// <param name="realTime">Whether the rig runs on the real clock and threads.</param>
    /// <param name="actuators">The bus the control loop drives, joints in robot order.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="edge">The site edge server to offload perception to; null: on board only.</param>
    /// <param name="decoratePlanner">Wraps the robot's planner before the compute stage gets it (a recording or fault-injecting harness); null: the planner as configured.</param>
    /// <exception cref="InvalidDataException">The model does not load, or the configuration names an unknown provider.</exception>
    /// <exception cref="ArgumentException">An unknown preprocessing, or a part refuses its configuration.</exception>
    public static RigStages Build(RobotConfig config, RigModel model, ModelCard card, IClock clock, bool realTime, IActuatorBus actuators,
        ILoggerFactory loggers, EdgeClientOptions? edge, Func<IJointPlanner, IJointPlanner>? decoratePlanner = null)
    {
        var heartbeat = new LoopHeartbeat();
        var safety = new SafetySupervisor(model.Limits, config.Safety, config.Control.RateHz);
        OffloadCounters? routes = edge is null ? null : new OffloadCounters();
        var health = new HealthBoard(safety, routes, config.Deadline.EndToEndMs);
        PerceptionStack perception = PerceptionFactory.Build(config, card, config.Camera.Width, config.Camera.Height, loggers, edge, heartbeat,
            health.Fill, routes);
        try
        {
            var goals = new LatestMailbox<JointGoal>();
            var frameTelemetry = new SpscRing<FrameRecord>(TelemetryRingCapacity);
            IJointPlanner planner = config.Planner.Behaviour == PlannerConfig.FollowPerson
                ? new FollowPersonPlanner(model.Chain, model.Camera, config.Target.DefaultRangeM, config.Planner, perception.Inference.MinConfidence)
                : new LookAtPlanner(model.Chain, model.Camera, config.Target, config.Planner, perception.Inference.MinConfidence);
            planner = decoratePlanner?.Invoke(planner) ?? planner;
            var tap = new FrameTap(config.Camera.Width, config.Camera.Height);
            return new RigStages
            {
                Config = config,
                Model = model,
                Clock = clock,
                RealTime = realTime,
                Heartbeat = heartbeat,
                Frames = new FramePool(config.Camera.Width, config.Camera.Height, FramePoolCapacity),
                Goals = goals,
                FrameTelemetry = frameTelemetry,
                CommandTelemetry = new SpscRing<CommandRecord>(TelemetryRingCapacity),
                Perception = perception,
                Planner = planner,
                Safety = safety,
                Control = new ControlLoop(actuators, goals, new JointTrackingController(model.Limits, config.Control), config.Control.RateHz, safety),
                SafetyLog = new SafetyEventLog(safety, loggers.CreateLogger("RobotEdge.Safety")),
                Health = health,
                Tap = tap,
                Compute = new ComputeStage(perception.Stage, planner, goals, frameTelemetry, tap),
            };
        }
        catch
        {
            perception.Dispose();
            throw;
        }
    }
}
