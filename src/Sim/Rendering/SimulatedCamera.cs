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
/// kinematics of the simulated joints) at each frame's exposure time, and logs each frame's ground
/// truth. Two ways to make a frame:
/// <list type="bullet">
/// <item>At capture (lockstep, and real time before <see cref="StartNow"/>): <see cref="TryCapture"/>
/// renders at the clock's current time on the calling thread. The runner steps the simulated clock to
/// each frame's time; the latency clock starts when the frame is ready, since rendering stands in
/// for the camera's exposure and transfer, which cost no robot time.</item>
/// <item>Ahead (real time, from <see cref="StartNow"/>): the rendering is the test rig's cost, not the
/// robot's, so it runs on its own thread, below every robot thread, and
/// finishes before each frame's exposure time t<sub>k</sub> = <see cref="StartNs"/> + k ·
/// <see cref="PeriodNs"/>; <see cref="TryCapture"/>, called by the camera thread at t<sub>k</sub>,
/// copies the picture out and stamps it with t<sub>k</sub> as both capture and ready time, so the
/// capture → command clock starts when the frame is exposed (see <c>SimulatedCamera.RenderAhead.cs</c>).</item>
/// </list>
/// </summary>
public sealed partial class SimulatedCamera : IFrameSource
{
    private readonly IClock _clock;
    private readonly KinematicChain _chain;
    private readonly LatestMailbox<JointState> _trueJoints;
    private readonly MarkerTarget? _target;
    private readonly PeopleInScene? _people;
    private readonly SceneRenderer _renderer;
    private readonly long _periodNs;
    private readonly bool _realTime;
    private readonly bool _renderAhead;

    /// <summary>Joint positions of the last true state seen at capture (capture-time rendering; camera thread).</summary>
    private readonly double[] _jointPositions;

    /// <summary>The true joint positions at a frame's capture time (camera thread).</summary>
    private readonly double[] _capturedJoints;

    /// <summary>Next sequence number of a frame rendered at capture.</summary>
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
    /// <param name="renderAhead">
    /// In real time on the real clock, render each frame ahead of its exposure on a renderer thread from
    /// <see cref="StartNow"/> on (false: render at capture, on the calling thread, as in lockstep).
    /// </param>
    public SimulatedCamera(IClock clock, KinematicChain chain, LatestMailbox<JointState> trueJoints, PinholeCamera camera,
        MarkerTarget? target, double fps, bool realTime, PeopleInScene? people = null, bool renderAhead = true)
    {
        _people = people;
        _clock = clock;
        _chain = chain;
        _trueJoints = trueJoints;
        _target = target;
        _renderer = new SceneRenderer(camera);
        _periodNs = (long)Math.Round(1e9 / fps);
        _realTime = realTime;
        // Rendering ahead schedules itself on the monotonic clock: a simulated clock has no "ahead".
        _renderAhead = renderAhead && realTime && clock is MonotonicClock;
        _jointPositions = new double[chain.DofCount];
        _capturedJoints = new double[chain.DofCount];
        Width = camera.Width;
        Height = camera.Height;
        StartNs = clock.NowNs;
        _renderedJoints = new double[chain.DofCount];
        _trueStateTurns = new TrueStateTurns(trueJoints);
    }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <summary>Clock time of frame 0, nanoseconds: the scenario's t = 0.</summary>
    public long StartNs { get; private set; }

    /// <summary>Ground truth of recent frames.</summary>
    public GroundTruthLog GroundTruth { get; } = new();

    /// <summary>Frame period, nanoseconds.</summary>
    public long PeriodNs => _periodNs;

    /// <summary>
    /// Starts the scenario's clock (call before the first capture). With rendering ahead, frame 0 is
    /// exposed one render lead from now (so that it too is rendered ahead) and the renderer thread
    /// starts; otherwise the scenario's t = 0 is now. Calling it again restarts the schedule. Not real-time.
    /// </summary>
    public void StartNow()
    {
        if (!_renderAhead)
        {
            StartNs = _clock.NowNs;
            return;
        }

        StopRendering();
        StartRendering();
    }

    /// <inheritdoc />
    public bool TryCapture(Frame frame)
    {
        if (_renderThread is not null)
        {
            return CaptureRenderedAhead(frame);
        }

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

        truth.RenderedJointsRad = JointVector.From(_jointPositions);
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

    /// <summary>Stops the renderer thread, if any (the frames it holds are dropped).</summary>
    public void Dispose()
    {
        StopRendering();
        _frameRendered.Dispose();
    }
}
