using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Models;
using RobotEdge.Planner.Behaviours;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The default robot against the simulator in real time, composed through the rig's own seams — a
/// camera (<see cref="IFrameSource"/>) and actuators (<see cref="IActuatorBus"/>) — each wrapped so a
/// test can make it fail the way a real one does: the camera's read throws (a V4L2 device unplugged),
/// the bus's I/O thread dies (<see cref="IActuatorBus.IoFailure"/>, nothing reaches the actuators
/// after it), or the bus write throws on the control thread. The simulator's true joint state is the
/// ground truth the tests judge the stop by.
/// </summary>
internal sealed class FaultInjectionRig : RobotRig
{
    private readonly ScenarioDefinition _scenario;
    private readonly MarkerTarget _target;

    private FaultInjectionRig(RigStages stages, ScenarioDefinition scenario, MarkerTarget target, SimulatedActuation actuation, SimulatedCamera camera,
        FailingCameraSource failingCamera, FailingActuatorBus failingBus, ThrowingPlanner failingPlanner)
        : base(stages, failingCamera, failingBus)
    {
        FailingPlanner = failingPlanner;
        _scenario = scenario;
        _target = target;
        Actuation = actuation;
        SimulatedCamera = camera;
        FailingCamera = failingCamera;
        FailingBus = failingBus;
    }

    public SimulatedActuation Actuation { get; }

    public SimulatedCamera SimulatedCamera { get; }

    public FailingCameraSource FailingCamera { get; }

    public FailingActuatorBus FailingBus { get; }

    public ThrowingPlanner FailingPlanner { get; }

    /// <summary>The true joint state when the injected fault fired (the first one), or null before.</summary>
    public JointState? TrueStateAtFault { get; private set; }

    public override long CameraPeriodNs => SimulatedCamera.PeriodNs;

    public override long CameraStartNs => SimulatedCamera.StartNs;

    public override string RunSubject => "fault injection";

    public override void StartCamera() => SimulatedCamera.StartNow();

    /// <summary>Starts the simulated buses' I/O threads, as the simulator's rig does.</summary>
    protected override void StartDevices() => Actuation.Start();

    /// <summary>The scenario's target from its initial joints, as the simulator's rig warms up (a grey frame would be no picture).</summary>
    protected override double[] FillWarmUpFrame(Frame frame)
    {
        var truth = default(FrameGroundTruth);
        var joints = new double[Chain.DofCount];
        for (int i = 0; i < joints.Length && i < _scenario.InitialJointsRad.Length; i++)
        {
            joints[i] = _scenario.InitialJointsRad[i];
        }

        new SceneRenderer(Camera).Render(Chain.ComputeTipPose(joints), _target, 0, frame.Pixels, ref truth);
        return joints;
    }

    /// <summary>Builds the default robot (robots/pan_tilt, its scenario) with the failing wrappers armed by the caller.</summary>
    public static FaultInjectionRig Build(Action<RobotConfig>? configure = null)
    {
        RobotConfig config = TestRigs.DefaultConfig();
        configure?.Invoke(config);
        RigModel model = RigModel.Load(config);
        ScenarioDefinition scenario = ScenarioDefinition.Load(config.Resolve(config.Sim.Scenario));
        SimulatedActuation actuation = SimulatedActuation.Create(model.Buses, MonotonicClock.Instance, realTime: true, model.DeviceLimits,
            config.Sim.ActuatorTimeConstantMs * 1e-3, scenario.InitialJointsRad);
        var target = new MarkerTarget(scenario.Target!);
        var camera = new SimulatedCamera(MonotonicClock.Instance, model.Chain, actuation.TrueState, model.Camera, target, config.Camera.Fps, realTime: true);
        FaultInjectionRig? rig = null;
        var failingCamera = new FailingCameraSource(camera, () => rig!.MarkFault());
        var failingBus = new FailingActuatorBus(actuation.Bus, () => rig!.MarkFault());
        ThrowingPlanner? failingPlanner = null;
        try
        {
            ModelCard card = PerceptionFactory.LoadCard(config, NullLogger.Instance);
            RigStages stages = RigStages.Build(config, model, card, MonotonicClock.Instance, realTime: true, failingBus, NullLoggerFactory.Instance, edge: null,
                planner => failingPlanner = new ThrowingPlanner(planner, () => rig!.MarkFault()));
            rig = new FaultInjectionRig(stages, scenario, target, actuation, camera, failingCamera, failingBus, failingPlanner!);
            return rig;
        }
        catch
        {
            camera.Dispose();
            actuation.Dispose();
            throw;
        }
    }

    /// <summary>Records the true joint state at the moment an injected fault fires (the first time only).</summary>
    public void MarkFault()
    {
        if (TrueStateAtFault is null && Actuation.TrueState.TryPeekLatest(out JointState state))
        {
            TrueStateAtFault = state;
        }
    }

    protected override void DisposeDevices()
    {
        SimulatedCamera.Dispose();
        Actuation.Dispose();
    }

    /// <summary>The simulated camera, whose read throws once <see cref="FailAfterFrames"/> frames were captured.</summary>
    internal sealed class FailingCameraSource(SimulatedCamera inner, Action onFault) : IFrameSource
    {
        private long _captured;

        /// <summary>Frames delivered before the read throws; long.MaxValue: never.</summary>
        public long FailAfterFrames { get; set; } = long.MaxValue;

        /// <summary>Frames delivered before the picture turns uniform (every byte <see cref="BlankValue"/>: a lens cap); long.MaxValue: never.</summary>
        public long BlankAfterFrames { get; set; } = long.MaxValue;

        /// <summary>The byte a blank frame is filled with.</summary>
        public byte BlankValue { get; set; }

        public int Width => inner.Width;

        public int Height => inner.Height;

        public bool TryCapture(Frame frame)
        {
            if (_captured >= FailAfterFrames)
            {
                onFault();
                throw new IOException("VIDIOC_DQBUF: No such device (the camera was unplugged)");
            }

            _captured++;
            bool captured = inner.TryCapture(frame);
            if (_captured > BlankAfterFrames)
            {
                onFault();
                Array.Fill(frame.Pixels, BlankValue);
            }

            return captured;
        }

        public void Dispose()
        {
            // The rig disposes the simulated camera itself.
        }
    }

    /// <summary>
    /// The robot's own planner, whose plan throws once <see cref="FailAfterPlans"/> run frames were
    /// planned, as an inverse-kinematics solve that diverges does (counted only once armed, so the
    /// warm-up's plans do not count).
    /// </summary>
    internal sealed class ThrowingPlanner(IJointPlanner inner, Action onFault) : IJointPlanner
    {
        private long _plans;

        /// <summary>Plans made before one throws; long.MaxValue: never. Set after warm-up.</summary>
        public long FailAfterPlans { get; set; } = long.MaxValue;

        public bool TryPlan(in PoseEstimate estimate, in JointState jointsAtCapture, ref JointGoal goal)
        {
            if (FailAfterPlans != long.MaxValue && ++_plans > FailAfterPlans)
            {
                onFault();
                throw new ArithmeticException("the look-at solve diverged: joint 1 goal is NaN");
            }

            return inner.TryPlan(estimate, jointsAtCapture, ref goal);
        }

        public void Reset() => inner.Reset();
    }

    /// <summary>
    /// The simulated bus, which can fail as a hardware bus does: its I/O thread dies (<see cref="IoFailure"/>
    /// set, feedback stops, commands no longer reach the actuators), or its write throws on the control
    /// thread once. Counts <see cref="Energize"/> calls.
    /// </summary>
    internal sealed class FailingActuatorBus(IActuatorBus inner, Action onFault) : IActuatorBus
    {
        private long _writes;
        private volatile Exception? _ioFailure;
        private int _energized;

        /// <summary>Writes after which the I/O thread "dies"; long.MaxValue: never.</summary>
        public long IoFailsAfterWrites { get; set; } = long.MaxValue;

        /// <summary>Writes after which one write throws on the calling (control) thread; long.MaxValue: never.</summary>
        public long WriteThrowsAfterWrites { get; set; } = long.MaxValue;

        /// <summary>Times <see cref="Energize"/> was called.</summary>
        public int EnergizeCalls => Volatile.Read(ref _energized);

        /// <summary>Commands that reached the actuators.</summary>
        public long Writes => Interlocked.Read(ref _writes);

        public int JointCount => inner.JointCount;

        public int FaultedJointMask => inner.FaultedJointMask;

        public Exception? IoFailure => _ioFailure;

        public bool TryRead(ref JointState state) => _ioFailure is null && inner.TryRead(ref state);

        public void Write(in JointCommand command)
        {
            if (_ioFailure is not null)
            {
                return;
            }

            long writes = Interlocked.Increment(ref _writes);
            if (writes == IoFailsAfterWrites)
            {
                onFault();
                _ioFailure = new IOException("read from /dev/ttyUSB0 failed: Input/output error (the adapter was unplugged)");
                return;
            }

            if (writes == WriteThrowsAfterWrites)
            {
                onFault();
                throw new InvalidOperationException("the command holds 3 joints, the bus drives 2");
            }

            inner.Write(command);
        }

        public void Energize()
        {
            Interlocked.Increment(ref _energized);
            inner.Energize();
        }

        public string? JointFaultText(int joint) => inner.JointFaultText(joint);

        public void Dispose()
        {
            // The rig disposes the simulated actuation, which owns the inner bus.
        }
    }
}
