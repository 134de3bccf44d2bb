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
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Planner.Behaviours;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// One robot, whatever its camera and actuators are: perception, planner, control, safety and
/// telemetry (<see cref="RigStages"/>) around a camera (<see cref="IFrameSource"/>) and the actuators
/// (<see cref="IActuatorBus"/>) that a derived rig supplies — the simulator's
/// (<see cref="SimulatedRobotRig"/>) or real devices (<see cref="RealRobotRig"/>). A derived rig's
/// static <c>Build</c> opens its devices and builds the stages into locals, disposing what it built
/// when a later part fails; the constructor only stores the parts. Nothing runs and nothing is
/// energised until <see cref="Start"/>. Owns everything it is given. Uses no simulator type.
/// </summary>
public abstract class RobotRig : IDisposable
{
    private readonly PerceptionStack _perception;

    /// <summary>Takes <paramref name="stages"/>, <paramref name="camera"/> and <paramref name="actuators"/> (which the stages drive); the rig owns them all.</summary>
    /// <param name="stages">The robot's stages, built around <paramref name="actuators"/>.</param>
    /// <param name="camera">The camera; its frames are <c>camera.width</c>×<c>camera.height</c>.</param>
    /// <param name="actuators">The bus the control loop drives, joints in robot order.</param>
    protected RobotRig(RigStages stages, IFrameSource camera, IActuatorBus actuators)
    {
        Config = stages.Config;
        Clock = stages.Clock;
        RealTime = stages.RealTime;
        Description = stages.Model.Description;
        Chain = stages.Model.Chain;
        Limits = stages.Model.Limits;
        Camera = stages.Model.Camera;
        FrameSource = camera;
        Actuators = actuators;
        Heartbeat = stages.Heartbeat;
        Frames = stages.Frames;
        Goals = stages.Goals;
        FrameTelemetry = stages.FrameTelemetry;
        CommandTelemetry = stages.CommandTelemetry;
        _perception = stages.Perception;
        Perception = stages.Perception.Inference;
        Offload = stages.Perception.Offload;
        Planner = stages.Planner;
        Safety = stages.Safety;
        Control = stages.Control;
        SafetyLog = stages.SafetyLog;
        Health = stages.Health;
        Tap = stages.Tap;
        Compute = stages.Compute;
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
    public LatestMailbox<JointGoal> Goals { get; }

    /// <summary>Compute → telemetry records.</summary>
    public SpscRing<FrameRecord> FrameTelemetry { get; }

    /// <summary>Control → telemetry records.</summary>
    public SpscRing<CommandRecord> CommandTelemetry { get; }

    /// <summary>The on-board perception: <see cref="PoseModel"/> or <see cref="BlazePose"/>; also the edge offload's fallback.</summary>
    public IPoseInference Perception { get; }

    /// <summary>The on-board single-model estimator (model, preprocessing, decoder, tracker); null with a <c>blazepose</c> card.</summary>
    public PoseEstimator? PoseModel => _perception.OnBoard;

    /// <summary>The BlazePose pipeline; null unless the card's decoder is <c>blazepose</c>.</summary>
    public Perception.BlazePose.BlazePoseEstimator? BlazePose => _perception.BlazePose;

    /// <summary>The execution provider the on-board model runs on.</summary>
    public ExecutionProvider InferenceProvider => _perception.Provider;

    /// <summary>The target's 3D pose solver (<c>tracking.solvePose</c>), or null.</summary>
    public ITargetPoseSolver? PoseSolver => _perception.PoseSolver;

    /// <summary>
    /// Where a viewer (the operator console's video thread) gets a copy of a processed frame with its
    /// estimate: the compute stage offers every frame, and copies one only when the viewer asked.
    /// </summary>
    public FrameTap Tap { get; }

    /// <summary>Perception through the site edge server with the on-board fallback; null without <c>--edge</c>.</summary>
    public OffloadingPoseEstimator? Offload { get; }

    /// <summary>Planner stage.</summary>
    public IJointPlanner Planner { get; }

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
    public LoopHeartbeat Heartbeat { get; }

    /// <summary>Whether <see cref="Start"/> has run.</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Starts the robot: the safety log's thread, the devices' I/O threads a derived rig starts
    /// (<see cref="StartDevices"/>), the edge connection when there is one, and then energises the
    /// actuators. Called once every preflight check has passed (models loaded, ports bound, files
    /// writable, devices open); before it no thread of the rig runs and nothing is energised.
    /// Idempotent; the runners call it before their first tick, so a command need only call it
    /// earlier when it wants to. <see cref="Dispose"/> is correct whether or not it ran.
    /// </summary>
    public void Start()
    {
        if (Started)
        {
            return;
        }

        Started = true;
        SafetyLog.Start();
        StartDevices();
        _perception.Start();
        Actuators.Energize();
    }

    /// <summary>Starts the threads of the rig's devices (a simulated bus's I/O thread in real time); called by <see cref="Start"/> before energising.</summary>
    protected virtual void StartDevices()
    {
    }

    /// <summary>Starts the camera's clock just before the camera thread starts (the simulator's; a real camera runs on its own).</summary>
    public virtual void StartCamera()
    {
    }

    /// <summary>
    /// Opens the edge connection (starts the edge client, as <see cref="Start"/> also does; nothing
    /// is energised) and waits up to <paramref name="timeout"/> for it to be usable (joined, clock
    /// offset measured), so that warm-up can measure the network path before the loop starts.
    /// False at once when the rig has no edge server configured.
    /// </summary>
    public bool WaitForEdge(TimeSpan timeout)
    {
        if (Offload is null)
        {
            return false;
        }

        _perception.Start();

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
            var onBoard = new PerceptionStage(Perception, PoseSolver);
            for (int i = 0; i < iterations; i++)
            {
                onBoard.Estimate(frame, ref estimate, ref timings);
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

    /// <summary>Loads the robot's model card (<see cref="PerceptionFactory.LoadCard"/>: generated only for the built-in models).</summary>
    public static ModelCard LoadOrGenerateCard(RobotConfig config, ILogger logger) => PerceptionFactory.LoadCard(config, logger);

    /// <summary>Parses provider names from configuration, in the order written (<see cref="PerceptionFactory.ParseProviders"/>).</summary>
    public static ExecutionProvider[] ParseProviders(IEnumerable<string> names) => PerceptionFactory.ParseProviders(names);

    /// <summary>Disposes the camera and the actuators, after the stages are gone.</summary>
    protected abstract void DisposeDevices();

    /// <summary>
    /// Ends the rig's threads (edge client, safety log) and disposes the stages, then the devices
    /// (<see cref="DisposeDevices"/>); correct whether or not <see cref="Start"/> ran.
    /// </summary>
    public void Dispose()
    {
        _perception.Dispose();
        SafetyLog.Dispose();
        DisposeDevices();
        GC.SuppressFinalize(this);
    }
}
