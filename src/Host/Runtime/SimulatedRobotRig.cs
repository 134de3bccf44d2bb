using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Perception.Tracking;
using RobotEdge.Planner.Behaviours;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Geometry;
using RobotEdge.Vision.Preprocessing;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Composition root of one robot against the simulator: builds every stage from the robot's
/// configuration and wires them through the bus primitives. Owns everything it builds.
/// </summary>
public sealed class SimulatedRobotRig : IDisposable
{
    /// <summary>Frame buffers: one being rendered, one waiting, one being processed, one spare.</summary>
    private const int FramePoolCapacity = 4;

    /// <summary>Telemetry records buffered between the stages and the telemetry thread.</summary>
    private const int TelemetryRingCapacity = 4096;

    private SimulatedRobotRig(RobotConfig config, IClock clock, bool realTime, ILoggerFactory loggers, EdgeClientOptions? edge)
    {
        Config = config;
        Clock = clock;
        RealTime = realTime;
        ILogger logger = loggers.CreateLogger("RobotEdge.Rig");

        Description = UrdfParser.Load(config.Resolve(config.Urdf));
        Chain = KinematicChain.FromDescription(Description, config.BaseLink, config.CameraLink);
        BusLayout buses = BusLayout.Resolve(config, Chain.ActiveJoints, config.Resolve(RobotConfigLoader.FileName));
        Limits = JointLimitSet.FromChain(Chain, config.Control.VelocityLimitScale);
        buses.TightenLimits(Limits.LowerRad, Limits.UpperRad, Limits.MaxVelocityRadPerS, config.Control.VelocityLimitScale);
        Scenario = ScenarioDefinition.Load(config.Resolve(config.Sim.Scenario));
        Target = new MarkerTarget(Scenario.Target);
        Camera = PinholeCamera.FromConfig(config.Camera);

        JointLimitSet deviceLimits = JointLimitSet.FromChain(Chain);
        buses.TightenLimits(deviceLimits.LowerRad, deviceLimits.UpperRad, deviceLimits.MaxVelocityRadPerS);
        Actuation = SimulatedActuation.Create(buses, clock, realTime, deviceLimits,
            config.Sim.ActuatorTimeConstantMs * 1e-3, Scenario.InitialJointsRad);
        CameraSource = new SimulatedCamera(clock, Chain, Actuation.TrueState, Camera, Target, config.Camera.Fps, realTime);
        Frames = new FramePool(config.Camera.Width, config.Camera.Height, FramePoolCapacity);

        ModelCard card = LoadOrGenerateCard(config, logger);
        OnnxPoseModel model = OnnxPoseModel.Load(card, ParseProviders(config.Model.Providers), logger, config.Model.IntraOpThreads,
            config.Model.TensorRtEngineCache is null ? null : config.Resolve(config.Model.TensorRtEngineCache));
        Perception = new PoseEstimator(model, PreprocessorChoice.Create(config.Model.Preprocessing, card.Input, config.Camera.Width, config.Camera.Height, logger));
        Planner = new LookAtPlanner(Chain, Camera, config.Target, config.Planner, Perception.MinConfidence);
        Safety = new SafetySupervisor(Limits, config.Safety, config.Control.RateHz);
        Control = new ControlLoop(Actuation.Bus, Goals, new JointTrackingController(Limits, config.Control), config.Control.RateHz, Safety);
        SafetyLog = new SafetyEventLog(Safety, loggers.CreateLogger("RobotEdge.Safety"));
        SafetyLog.Start();
        if (edge is not null)
        {
            var client = new EdgeClient(edge, card, config.Camera.Width, config.Camera.Height, loggers.CreateLogger("RobotEdge.Edge.Client"));
            Offload = new OffloadingPoseEstimator(Perception, client, new OffloadBudget
            {
                EndToEndMs = config.Deadline.EndToEndMs,
                AfterPerceptionMs = config.Deadline.PlanMs + config.Deadline.ControlMs,
            });
        }

        Health = new HealthBoard(Safety, Offload?.Counters, config.Deadline.EndToEndMs);
        if (Offload is not null)
        {
            Offload.Edge.HealthSource = Health.Fill;
        }

        Compute = new ComputeStage((IPoseInference?)Offload ?? Perception, Planner, Goals, FrameTelemetry);
        TrackingConfig tracking = config.Tracking;
        if (tracking.Enabled)
        {
            Perception.Tracker = new MultiTargetTracker(tracking.MaxTargets, card.Keypoints.Length, Perception.MinConfidence,
                tracking.GatePx, tracking.MaxMisses, tracking.MinCutoffHz, tracking.Beta);
        }

        if (tracking.SolvePose)
        {
            Compute.PoseSolver = new TargetPoseSolver(Camera, TargetPoseSolver.SquareTarget(config.Target.MarkerSpacingM), tracking.KeypointSigmaPx,
                config.Camera.Distortion.Length == 5 ? config.Camera.Distortion : null);
        }
    }

    /// <summary>The robot's configuration.</summary>
    public RobotConfig Config { get; }

    /// <summary>The loop's clock: simulated (lockstep) or the real monotonic clock.</summary>
    public IClock Clock { get; }

    /// <summary>Whether the rig runs in real time.</summary>
    public bool RealTime { get; }

    /// <summary>The robot's URDF.</summary>
    public RobotDescription Description { get; }

    /// <summary>Base → camera optical frame.</summary>
    public KinematicChain Chain { get; }

    /// <summary>Joint limits the controller enforces.</summary>
    public JointLimitSet Limits { get; }

    /// <summary>The scenario being played.</summary>
    public ScenarioDefinition Scenario { get; }

    /// <summary>The simulated target.</summary>
    public MarkerTarget Target { get; }

    /// <summary>Camera intrinsics.</summary>
    public PinholeCamera Camera { get; }

    /// <summary>Simulated actuators, in memory or behind a virtual device on a pseudo-terminal.</summary>
    public SimulatedActuation Actuation { get; }

    /// <summary>Simulated camera.</summary>
    public SimulatedCamera CameraSource { get; }

    /// <summary>Frame buffers.</summary>
    public FramePool Frames { get; }

    /// <summary>Camera → compute hand-off: newest frame wins.</summary>
    public LatestSlot<Frame> PendingFrame { get; } = new();

    /// <summary>Planner → control hand-off: newest goal wins.</summary>
    public LatestMailbox<JointGoal> Goals { get; } = new();

    /// <summary>Compute → telemetry records.</summary>
    public SpscRing<FrameRecord> FrameTelemetry { get; } = new(TelemetryRingCapacity);

    /// <summary>Control → telemetry records.</summary>
    public SpscRing<CommandRecord> CommandTelemetry { get; } = new(TelemetryRingCapacity);

    /// <summary>Perception stage.</summary>
    public PoseEstimator Perception { get; }

    /// <summary>Perception through the site edge server with the on-board fallback; null without <c>--edge</c>.</summary>
    public OffloadingPoseEstimator? Offload { get; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the edge connection to be usable (joined, clock
    /// offset measured). False at once when the rig has no edge server configured.
    /// </summary>
    public bool WaitForEdge(TimeSpan timeout)
    {
        if (Offload is null)
        {
            return false;
        }

        long until = MonotonicClock.GetTimestampNs() + (long)(timeout.TotalMilliseconds * 1e6);
        while (!Offload.Edge.IsHealthy && MonotonicClock.GetTimestampNs() < until)
        {
            Thread.Sleep(10);
        }

        return Offload.Edge.IsHealthy;
    }

    /// <summary>The robot's health for the site view (sent to the edge server when there is one).</summary>
    public HealthBoard Health { get; }

    /// <summary>Planner stage.</summary>
    public LookAtPlanner Planner { get; }

    /// <summary>Perception + planning on the compute thread.</summary>
    public ComputeStage Compute { get; }

    /// <summary>The control loop body.</summary>
    public ControlLoop Control { get; }

    /// <summary>The safety layer inside the control loop.</summary>
    public SafetySupervisor Safety { get; }

    /// <summary>Logs safety events on its own thread.</summary>
    public SafetyEventLog SafetyLog { get; }

    /// <summary>
    /// Runs perception and planning on a scratch frame <paramref name="iterations"/> times before the
    /// robot starts, as a robot does at boot: the JIT compiles the hot path and ONNX Runtime sizes its
    /// buffers now, not on the first frames. Leaves no state behind (the planner is reset, no goal
    /// is published, the camera's sequence is untouched).
    /// </summary>
    public void WarmUp(int iterations = 40)
    {
        if (!Frames.TryRent(out Frame? frame))
        {
            throw new InvalidOperationException("no free frame buffer for warm-up");
        }

        try
        {
            var renderer = new SceneRenderer(Camera);
            var truth = default(FrameGroundTruth);
            var joints = new double[Chain.DofCount];
            for (int i = 0; i < joints.Length && i < Scenario.InitialJointsRad.Length; i++)
            {
                joints[i] = Scenario.InitialJointsRad[i];
            }

            renderer.Render(Chain.ComputeTipPose(joints), Target, 0, frame.Pixels, ref truth);
            var estimate = default(PoseEstimate);
            var timings = default(PerceptionTimings);
            var goal = default(JointGoal);
            JointState state = default;
            state.JointCount = joints.Length;
            for (int i = 0; i < iterations; i++)
            {
                Perception.Estimate(frame, ref estimate, ref timings);
                Planner.TryPlan(estimate, state, ref goal);
            }

            Offload?.WarmUp(frame, iterations);

            Planner.Reset();
        }
        finally
        {
            Frames.Return(frame);
        }
    }

    /// <summary>Builds a rig; lockstep rigs run on a fresh simulated clock starting at 0.</summary>
    /// <param name="config">The robot.</param>
    /// <param name="realTime">Real clock and threads, or lockstep.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="edge">The site edge server to offload perception to (null: on board only).</param>
    public static SimulatedRobotRig Build(RobotConfig config, bool realTime, ILoggerFactory loggers, EdgeClientOptions? edge = null) =>
        new(config, realTime ? MonotonicClock.Instance : new LockstepClock(), realTime, loggers, edge);

    /// <summary>Loads the robot's model card, generating the built-in model when allowed and missing.</summary>
    public static ModelCard LoadOrGenerateCard(RobotConfig config, ILogger logger)
    {
        string cardPath = config.Resolve(config.Model.Card);
        if (!File.Exists(cardPath) && config.Model.GenerateIfMissing)
        {
            string name = Path.GetFileName(cardPath).Replace(".card.json", "", StringComparison.Ordinal);
            logger.LogInformation("Generating the built-in marker pose model at {Path}", cardPath);
            MarkerPoseModelGenerator.Generate(Path.GetDirectoryName(cardPath)!, name);
        }

        return ModelCard.Load(cardPath);
    }

    /// <summary>Parses provider names from configuration (cpu, cuda, tensorrt).</summary>
    public static ExecutionProvider[] ParseProviders(IEnumerable<string> names) =>
        names.Select(n => n.Trim().ToLowerInvariant() switch
        {
            "cpu" => ExecutionProvider.Cpu,
            "cuda" => ExecutionProvider.Cuda,
            "tensorrt" or "trt" => ExecutionProvider.TensorRt,
            _ => throw new InvalidDataException($"unknown execution provider '{n}' (expected cpu, cuda or tensorrt)"),
        }).ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        Offload?.Dispose();
        SafetyLog.Dispose();
        Perception.Dispose();
        CameraSource.Dispose();
        Actuation.Dispose();
    }
}
