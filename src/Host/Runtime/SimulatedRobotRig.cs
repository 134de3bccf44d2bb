using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Perception.Models;
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
    private SimulatedRobotRig(RigStages stages, ScenarioDefinition scenario, MarkerTarget? target, PeopleInScene? people,
        SimulatedActuation actuation, SimulatedCamera camera)
        : base(stages, camera, actuation.Bus)
    {
        Scenario = scenario;
        Target = target;
        People = people;
        Actuation = actuation;
        CameraSource = camera;
    }

    /// <summary>The scenario being played.</summary>
    public ScenarioDefinition Scenario { get; }

    /// <summary>The simulated marker plate, or null when the scenario has only people.</summary>
    public MarkerTarget? Target { get; }

    /// <summary>The scenario's people (billboards with their labelled landmarks), or null when it has none.</summary>
    public PeopleInScene? People { get; }

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

    /// <summary>
    /// Builds a rig; lockstep rigs run on a fresh simulated clock starting at 0. Builds into locals:
    /// when a part fails, what was built (simulated actuators, camera, stages) is disposed before the
    /// exception goes on. Starts none of the rig's threads (<see cref="RobotRig.Start"/> does); the
    /// virtual devices behind a <c>sim-*</c> bus, which stand for hardware that is powered, answer at once.
    /// </summary>
    /// <param name="config">The robot.</param>
    /// <param name="realTime">Real clock and threads, or lockstep.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="edge">The site edge server to offload perception to (null: on board only).</param>
    /// <exception cref="FileNotFoundException">The URDF, the scenario or the model card is missing (a missing card is generated only for the built-in models).</exception>
    /// <exception cref="InvalidDataException">A malformed file, or a bus that cannot drive the simulator.</exception>
    public static SimulatedRobotRig Build(RobotConfig config, bool realTime, ILoggerFactory loggers, EdgeClientOptions? edge = null)
    {
        IClock clock = realTime ? MonotonicClock.Instance : new LockstepClock();
        RigModel model = RigModel.Load(config);
        string scenarioPath = config.Resolve(config.Sim.Scenario);
        ScenarioDefinition scenario = ScenarioDefinition.Load(scenarioPath);
        ModelCard card = PerceptionFactory.LoadCard(config, loggers.CreateLogger("RobotEdge.Rig"));
        MarkerTarget? target = scenario.Target is null ? null : new MarkerTarget(scenario.Target);
        PeopleInScene? people;
        if (card.Output.Decoder == OutputDecoder.Blazepose && scenario.People.Length > 0)
        {
            // The people's landmark ground truth comes from the robot's own pipeline, run on the still photos.
            using var labeller = new PersonPhotoLabeller(card, loggers.CreateLogger("RobotEdge.Sim"));
            people = SimulatedPeople.Load(scenario, scenarioPath, labeller.Label);
        }
        else
        {
            people = SimulatedPeople.Load(scenario, scenarioPath, label: null);
        }

        SimulatedActuation? actuation = null;
        SimulatedCamera? camera = null;
        try
        {
            actuation = SimulatedActuation.Create(model.Buses, clock, realTime, model.DeviceLimits,
                config.Sim.ActuatorTimeConstantMs * 1e-3, scenario.InitialJointsRad);
            camera = new SimulatedCamera(clock, model.Chain, actuation.TrueState, model.Camera, target, config.Camera.Fps, realTime, people);
            RigStages stages = RigStages.Build(config, model, card, clock, realTime, actuation.Bus, loggers, edge);
            return new SimulatedRobotRig(stages, scenario, target, people, actuation, camera);
        }
        catch
        {
            camera?.Dispose();
            actuation?.Dispose();
            throw;
        }
    }

    /// <summary>Starts the simulated buses' I/O threads in real time (lockstep pumps them on the loop's thread).</summary>
    protected override void StartDevices() => Actuation.Start();

    /// <summary>Renders the scenario's scene from its initial joint angles.</summary>
    protected override double[] FillWarmUpFrame(Frame frame)
    {
        var renderer = new SceneRenderer(Camera);
        var truth = default(FrameGroundTruth);
        var joints = new double[Chain.DofCount];
        for (int i = 0; i < joints.Length && i < Scenario.InitialJointsRad.Length; i++)
        {
            joints[i] = Scenario.InitialJointsRad[i];
        }

        renderer.Render(Chain.ComputeTipPose(joints), Target, 0, frame.Pixels, ref truth, People);
        return joints;
    }

    /// <inheritdoc />
    protected override void DisposeDevices()
    {
        CameraSource.Dispose();
        Actuation.Dispose();
    }
}
