using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// The simulator's camera: renders the scene from the camera's true pose on the robot (forward
/// kinematics of the simulated joints) at the moment of capture, and logs each frame's ground truth.
/// It renders whenever asked, at the clock's current time: the runner paces it (real time) or steps
/// the simulated clock to each frame's time (lockstep).
/// </summary>
public sealed class SimulatedCamera : IFrameSource
{
    private readonly IClock _clock;
    private readonly KinematicChain _chain;
    private readonly LatestMailbox<JointState> _trueJoints;
    private readonly MarkerTarget? _target;
    private readonly PeopleInScene? _people;
    private readonly SceneRenderer _renderer;
    private readonly long _periodNs;
    private readonly bool _realTime;
    private readonly double[] _jointPositions;
    private long _sequence;

    /// <summary>Creates the camera.</summary>
    /// <param name="clock">The loop's clock (simulated or real).</param>
    /// <param name="chain">Kinematic chain from the base to the camera's optical frame.</param>
    /// <param name="trueJoints">The simulated joints' true state, published by the actuators.</param>
    /// <param name="camera">Intrinsics.</param>
    /// <param name="target">The scene's marker plate, or null when it has none.</param>
    /// <param name="fps">Frame rate.</param>
    /// <param name="realTime">Real-time mode: latency starts at capture, not when the frame is ready.</param>
    /// <param name="people">The scene's people, or null when it has none.</param>
    public SimulatedCamera(IClock clock, KinematicChain chain, LatestMailbox<JointState> trueJoints, PinholeCamera camera,
        MarkerTarget? target, double fps, bool realTime, PeopleInScene? people = null)
    {
        _people = people;
        _clock = clock;
        _chain = chain;
        _trueJoints = trueJoints;
        _target = target;
        _renderer = new SceneRenderer(camera);
        _periodNs = (long)Math.Round(1e9 / fps);
        _realTime = realTime;
        _jointPositions = new double[chain.DofCount];
        Width = camera.Width;
        Height = camera.Height;
        StartNs = clock.NowNs;
    }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <summary>Clock time of frame 0, nanoseconds: the scenario's t = 0.</summary>
    public long StartNs { get; private set; }

    /// <summary>Makes the clock's current time the scenario's t = 0 (call before the first capture).</summary>
    public void StartNow() => StartNs = _clock.NowNs;

    /// <summary>Ground truth of recent frames.</summary>
    public GroundTruthLog GroundTruth { get; } = new();

    /// <summary>Frame period, nanoseconds.</summary>
    public long PeriodNs => _periodNs;

    /// <inheritdoc />
    public bool TryCapture(Frame frame)
    {
        long sequence = _sequence++;
        long captureNs = _clock.NowNs;
        long captureRealNs = MonotonicClock.GetTimestampNs();
        var truth = new FrameGroundTruth { Sequence = sequence };
        if (_trueJoints.TryPeekLatest(out JointState joints))
        {
            for (int i = 0; i < _jointPositions.Length; i++)
            {
                _jointPositions[i] = joints.PositionsRad[i];
            }

            truth.JointsRad = joints.PositionsRad;
            truth.JointVelocitiesRadPerS = joints.VelocitiesRadPerS;
        }

        Transform3d cameraPose = _chain.ComputeTipPose(_jointPositions);
        double timeS = (captureNs - StartNs) * 1e-9;
        _renderer.Render(cameraPose, _target, timeS, frame.Pixels, ref truth, _people);
        GroundTruth.Write(truth);

        // Real time: latency runs from capture. Lockstep: from the moment the frame is ready, since
        // rendering stands in for the camera's exposure and transfer, which cost no robot time.
        long readyRealNs = _realTime ? captureRealNs : MonotonicClock.GetTimestampNs();
        frame.Stamp = new FrameStamp(sequence, captureNs, readyRealNs);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
