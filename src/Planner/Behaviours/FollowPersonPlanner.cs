using RobotEdge.Bus.Messages;
using RobotEdge.Planner.Targeting;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.Planner.Behaviours;

/// <summary>
/// The <c>follow-person</c> behaviour: keeps the reported person's torso (the centre of shoulders
/// and hips) centred in the camera. Perception decides whom the estimate reports (the nearest, or
/// the track the operator picked); this planner follows that person, locates the torso with
/// <see cref="PersonLocalizer"/> (range from the world landmarks), moves it into the base frame
/// with the joints at capture, predicts it forward by the lead time and solves the pointing
/// inverse kinematics. When nobody is visible it returns false, so no new goal is published and
/// the head holds its last goal; when someone is seen again it reacquires from scratch.
/// Called from the compute thread; real-time safe (no allocation, no lock).
/// </summary>
public sealed class FollowPersonPlanner : IJointPlanner
{
    private readonly KinematicChain _chain;
    private readonly LookAtSolver _solver;
    private readonly PersonLocalizer _localizer;
    private readonly TargetMotionFilter _filter;
    private readonly PlannerConfig _config;
    private readonly double _defaultRangeM;
    private readonly double[] _seed;
    private readonly double[] _solution;
    private double _lastRangeM;
    private int _lastTrackId;

    /// <summary>Creates the planner for a robot.</summary>
    /// <param name="chain">Base to camera optical frame.</param>
    /// <param name="camera">The camera's intrinsics.</param>
    /// <param name="defaultRangeM">Range assumed until the torso's range has been measured, metres.</param>
    /// <param name="config">Lead time and filter gain.</param>
    /// <param name="minVisibility">Least landmark visibility (0..1) for a torso landmark to count.</param>
    public FollowPersonPlanner(KinematicChain chain, PinholeCamera camera, double defaultRangeM, PlannerConfig config, float minVisibility)
    {
        _chain = chain;
        _solver = new LookAtSolver(chain);
        _localizer = new PersonLocalizer(camera, minVisibility);
        _filter = new TargetMotionFilter(config.FilterGain);
        _config = config;
        _defaultRangeM = defaultRangeM;
        _lastRangeM = defaultRangeM;
        _seed = new double[chain.DofCount];
        _solution = new double[chain.DofCount];
    }

    /// <summary>The filtered torso position in the base frame, metres (for telemetry and tests).</summary>
    public Vec3d TargetInBase => _filter.Position;

    /// <summary>The range of the torso last measured (or the default), metres.</summary>
    public double RangeM => _lastRangeM;

    /// <summary>Plans joint goals that centre the reported person's torso. Real-time safe.</summary>
    /// <param name="estimate">BlazePose keypoints of the frame (33, visibility as confidence) and world landmarks.</param>
    /// <param name="jointsAtCapture">Measured joint positions when the frame was captured.</param>
    /// <param name="goal">Filled with the goal, stamped with the estimate's frame.</param>
    /// <returns>false when nobody is visible (the head then holds still).</returns>
    public bool TryPlan(in PoseEstimate estimate, in JointState jointsAtCapture, ref JointGoal goal)
    {
        if (!_localizer.TryLocate(estimate, _lastRangeM, out Vec3d inCamera, out bool rangeMeasured))
        {
            return false;
        }

        // Another person now (the operator picked someone else, or the tracker lost the last one):
        // their motion has nothing to do with the last one's.
        if (estimate.TrackId != _lastTrackId)
        {
            _filter.Reset();
            _lastTrackId = estimate.TrackId;
        }

        if (rangeMeasured)
        {
            _lastRangeM = inCamera.Z;
        }

        for (int i = 0; i < _seed.Length; i++)
        {
            _seed[i] = jointsAtCapture.PositionsRad[i];
        }

        Transform3d cameraInBase = _chain.ComputeTipPose(_seed);
        _filter.Update(cameraInBase.TransformPoint(inCamera), estimate.Stamp.CaptureNs);
        Vec3d aim = _filter.Position + _filter.Velocity * (_config.LeadTimeMs * 1e-3);

        _solver.TrySolve(aim, _seed, _solution, out _);
        goal.Stamp = estimate.Stamp;
        goal.JointCount = _solution.Length;
        for (int i = 0; i < _solution.Length; i++)
        {
            goal.PositionsRad[i] = _solution[i];
        }

        return true;
    }

    /// <summary>Forgets the person's motion history and measured range (after a gap or a mode change).</summary>
    public void Reset()
    {
        _filter.Reset();
        _lastRangeM = _defaultRangeM;
        _lastTrackId = 0;
    }
}
