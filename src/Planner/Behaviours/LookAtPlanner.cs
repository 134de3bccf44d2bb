using RobotEdge.Bus.Messages;
using RobotEdge.Planner.Targeting;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.Planner.Behaviours;

/// <summary>
/// Keeps the target centred in the camera: locates the target from its keypoints, moves it into the
/// base frame with the joint positions at the frame's capture, predicts it forward by the lead
/// time, and solves the chain's pointing inverse kinematics for joint goals.
/// Called from the compute thread; real-time safe (no allocation in steady state).
/// </summary>
public sealed class LookAtPlanner : IJointPlanner
{
    private readonly KinematicChain _chain;
    private readonly LookAtSolver _solver;
    private readonly TargetLocalizer _localizer;
    private readonly TargetMotionFilter _filter;
    private readonly PlannerConfig _config;
    private readonly double _defaultRangeM;
    private readonly double[] _seed;
    private readonly double[] _solution;
    private double _lastRangeM;

    /// <summary>Creates the planner for a robot.</summary>
    public LookAtPlanner(KinematicChain chain, PinholeCamera camera, TargetConfig target, PlannerConfig config, float minConfidence)
    {
        _chain = chain;
        _solver = new LookAtSolver(chain);
        _localizer = new TargetLocalizer(camera, target.MarkerSpacingM, minConfidence);
        _filter = new TargetMotionFilter(config.FilterGain);
        _config = config;
        _defaultRangeM = target.DefaultRangeM;
        _lastRangeM = target.DefaultRangeM;
        _seed = new double[chain.DofCount];
        _solution = new double[chain.DofCount];
    }

    /// <summary>The filtered target position in the base frame, metres (for telemetry).</summary>
    public Vec3d TargetInBase => _filter.Position;

    /// <summary>
    /// Plans joint goals for one pose estimate.
    /// </summary>
    /// <param name="estimate">Keypoints of the frame.</param>
    /// <param name="jointsAtCapture">Measured joint positions when the frame was captured.</param>
    /// <param name="goal">Filled with the goal, stamped with the estimate's frame.</param>
    /// <returns>false when the estimate has too few confident keypoints to act on.</returns>
    public bool TryPlan(in PoseEstimate estimate, in JointState jointsAtCapture, ref JointGoal goal)
    {
        if (!_localizer.TryLocate(estimate, _lastRangeM, out Vec3d inCamera, out int confident, out bool rangeMeasured)
            || confident < _config.MinKeypoints)
        {
            return false;
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

    /// <summary>Forgets the target's motion history (after a gap or a mode change).</summary>
    public void Reset()
    {
        _filter.Reset();
        _lastRangeM = _defaultRangeM;
    }
}
