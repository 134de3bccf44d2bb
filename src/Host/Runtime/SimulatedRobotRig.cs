using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// One robot against the simulator: a <see cref="RobotRig"/> whose camera renders the scenario's
/// target from the simulated joints' true state, and whose actuators are simulated
/// (<see cref="SimulatedActuation"/>). Owns everything it builds.
/// </summary>
public sealed class SimulatedRobotRig : RobotRig
{
    private SimulatedRobotRig(RobotConfig config, RigModel model, IClock clock, bool realTime, ILoggerFactory loggers, EdgeClientOptions? edge,
        ScenarioDefinition scenario, MarkerTarget target, SimulatedActuation actuation, SimulatedCamera camera)
        : base(config, model, clock, realTime, loggers, edge, camera, actuation.Bus)
    {
        Scenario = scenario;
        Target = target;
        Actuation = actuation;
        CameraSource = camera;
    }

    /// <summary>The scenario being played.</summary>
    public ScenarioDefinition Scenario { get; }

    /// <summary>The simulated target.</summary>
    public MarkerTarget Target { get; }

    /// <summary>Simulated actuators, in memory or behind a virtual device on a pseudo-terminal.</summary>
    public SimulatedActuation Actuation { get; }

    /// <summary>Simulated camera.</summary>
    public SimulatedCamera CameraSource { get; }

    /// <inheritdoc />
    public override long CameraPeriodNs => CameraSource.PeriodNs;

    /// <inheritdoc />
    public override long CameraStartNs => CameraSource.StartNs;

    /// <inheritdoc />
    public override string RunSubject => Scenario.Name;

    /// <inheritdoc />
    public override void StartCamera() => CameraSource.StartNow();

    /// <summary>Builds a rig; lockstep rigs run on a fresh simulated clock starting at 0.</summary>
    /// <param name="config">The robot.</param>
    /// <param name="realTime">Real clock and threads, or lockstep.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="edge">The site edge server to offload perception to (null: on board only).</param>
    public static SimulatedRobotRig Build(RobotConfig config, bool realTime, ILoggerFactory loggers, EdgeClientOptions? edge = null)
    {
        IClock clock = realTime ? MonotonicClock.Instance : new LockstepClock();
        RigModel model = RigModel.Load(config);
        ScenarioDefinition scenario = ScenarioDefinition.Load(config.Resolve(config.Sim.Scenario));
        var target = new MarkerTarget(scenario.Target);
        SimulatedActuation actuation = SimulatedActuation.Create(model.Buses, clock, realTime, model.DeviceLimits,
            config.Sim.ActuatorTimeConstantMs * 1e-3, scenario.InitialJointsRad);
        var camera = new SimulatedCamera(clock, model.Chain, actuation.TrueState, model.Camera, target, config.Camera.Fps, realTime);
        try
        {
            return new SimulatedRobotRig(config, model, clock, realTime, loggers, edge, scenario, target, actuation, camera);
        }
        catch
        {
            camera.Dispose();
            actuation.Dispose();
            throw;
        }
    }

    /// <summary>Renders the scenario's target from its initial joint angles.</summary>
    protected override double[] FillWarmUpFrame(Frame frame)
    {
        var renderer = new SceneRenderer(Camera);
        var truth = default(FrameGroundTruth);
        var joints = new double[Chain.DofCount];
        for (int i = 0; i < joints.Length && i < Scenario.InitialJointsRad.Length; i++)
        {
            joints[i] = Scenario.InitialJointsRad[i];
        }

        renderer.Render(Chain.ComputeTipPose(joints), Target, 0, frame.Pixels, ref truth);
        return joints;
    }

    /// <inheritdoc />
    protected override void DisposeDevices()
    {
        CameraSource.Dispose();
        Actuation.Dispose();
    }
}
