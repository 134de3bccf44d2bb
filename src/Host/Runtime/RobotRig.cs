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
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Perception.Tracking;
using RobotEdge.Planner.Behaviours;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Vision.Geometry;
using RobotEdge.Vision.Preprocessing;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Composition root of one robot, whatever its camera and actuators are: builds perception,
/// planner, control, safety and telemetry from the robot's configuration around a camera
/// (<see cref="IFrameSource"/>) and the actuators (<see cref="IActuatorBus"/>) that a derived rig
/// supplies — the simulator's (<see cref="SimulatedRobotRig"/>) or real devices
/// (<see cref="RealRobotRig"/>) — and wires them through the bus primitives. Owns everything it
/// builds, and the camera and actuators it is handed. Uses no simulator type.
/// </summary>
public abstract class RobotRig : IDisposable
{
    /// <summary>Frame buffers: one being captured, one waiting, one being processed, one spare.</summary>
    private const int FramePoolCapacity = 4;

    /// <summary>Telemetry records buffered between the stages and the telemetry thread.</summary>
    private const int TelemetryRingCapacity = 4096;

    /// <summary>Builds the stages around <paramref name="camera"/> and <paramref name="actuators"/>, which the rig then owns.</summary>
    /// <param name="config">The robot.</param>
    /// <param name="model">The robot's description, read from <paramref name="config"/>.</param>
    /// <param name="clock">The loop's clock.</param>
    /// <param name="realTime">Whether the rig runs on the real clock and threads.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="edge">The site edge server to offload perception to (null: on board only).</param>
    /// <param name="camera">The camera; its frames are <c>camera.width</c>×<c>camera.height</c>.</param>
    /// <param name="actuators">The bus the control loop drives, joints in robot order.</param>
    protected RobotRig(RobotConfig config, RigModel model, IClock clock, bool realTime, ILoggerFactory loggers, EdgeClientOptions? edge,
        IFrameSource camera, IActuatorBus actuators)
    {
        Config = config;
        Clock = clock;
        RealTime = realTime;
        ILogger logger = loggers.CreateLogger("RobotEdge.Rig");
        Description = model.Description;
        Chain = model.Chain;
        Limits = model.Limits;
        Camera = model.Camera;
        FrameSource = camera;
        Actuators = actuators;
        Frames = new FramePool(config.Camera.Width, config.Camera.Height, FramePoolCapacity);

        ModelCard card = LoadOrGenerateCard(config, logger);
        OnnxPoseModel onnx = OnnxPoseModel.Load(card, ParseProviders(config.Model.Providers), logger, config.Model.IntraOpThreads,
            config.Model.TensorRtEngineCache is null ? null : config.Resolve(config.Model.TensorRtEngineCache));
        Perception = new PoseEstimator(onnx, PreprocessorChoice.Create(config.Model.Preprocessing, card.Input, config.Camera.Width, config.Camera.Height, logger));
        Planner = new LookAtPlanner(Chain, Camera, config.Target, config.Planner, Perception.MinConfidence);
        Safety = new SafetySupervisor(Limits, config.Safety, config.Control.RateHz);
        Control = new ControlLoop(actuators, Goals, new JointTrackingController(Limits, config.Control), config.Control.RateHz, Safety);
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

    /// <summary>Camera intrinsics.</summary>
    public PinholeCamera Camera { get; }

    /// <summary>The camera the camera thread captures from (owned by the rig).</summary>
    public IFrameSource FrameSource { get; }

    /// <summary>The actuators the control loop drives (owned by the rig).</summary>
    public IActuatorBus Actuators { get; }

    /// <summary>
    /// Period at which the camera thread asks for frames, ns, from <see cref="CameraStartNs"/>; 0 when
    /// the source paces itself (a real camera blocks until its next frame, a file replays at its
    /// recorded rate).
    /// </summary>
    public virtual long CameraPeriodNs => 0;

    /// <summary>Time of frame 0 on <see cref="Clock"/>, ns; meaningful when <see cref="CameraPeriodNs"/> is not 0.</summary>
    public virtual long CameraStartNs => 0;

    /// <summary>What the run plays, for the report: the scenario's name, or where the frames come from.</summary>
    public abstract string RunSubject { get; }

    /// <summary>
    /// Whether a real-time run ends with a controlled stop (safety mode <c>stopped</c>, joints held)
    /// even when it was not cancelled: real actuators keep whatever they were last told after the
    /// loop ends, so a real robot is always brought to a hold first.
    /// </summary>
    public virtual bool StopsBeforeRelease => false;

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

    /// <summary>The robot's health for the site view (sent to the edge server when there is one).</summary>
    public HealthBoard Health { get; }

    /// <summary>
    /// Liveness counters and the first fault any robot thread reported (camera, compute, control,
    /// bus, console, edge client): the run's one fault path. The real-time runner and the service host
    /// watch it.
    /// </summary>
    public LoopHeartbeat Heartbeat { get; } = new();

    /// <summary>Whether <see cref="Start"/> has run.</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Energises the robot: called once every preflight check has passed (models loaded, ports bound,
    /// files writable, devices open); before it nothing is energised. Idempotent; the runners call it
    /// before their first tick, so a command need only call it earlier when it wants to.
    /// </summary>
    public void Start()
    {
        if (Started)
        {
            return;
        }

        Started = true;
        Actuators.Energize();
    }

    /// <summary>Starts the camera's clock just before the camera thread starts (the simulator's; a real camera runs on its own).</summary>
    public virtual void StartCamera()
    {
    }

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
            double[] joints = FillWarmUpFrame(frame);
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

    /// <summary>
    /// Fills the warm-up frame and returns the joint angles it was seen from (rad, robot order). The
    /// default is a mid-grey image seen from the zero pose: a real robot has no picture before its camera runs.
    /// </summary>
    protected virtual double[] FillWarmUpFrame(Frame frame)
    {
        Array.Fill(frame.Pixels, (byte)128);
        return new double[Chain.DofCount];
    }

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

        return ModelCard.Load(cardPath).LogWarnings(logger);
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

    /// <summary>Disposes the camera and the actuators, after the stages are gone.</summary>
    protected abstract void DisposeDevices();

    /// <inheritdoc />
    public void Dispose()
    {
        Offload?.Dispose();
        SafetyLog.Dispose();
        Perception.Dispose();
        DisposeDevices();
        GC.SuppressFinalize(this);
    }
}
