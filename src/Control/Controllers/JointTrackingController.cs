using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Controllers;

/// <summary>
/// Tracks joint position goals with a velocity command per joint: PID on the position error with
/// derivative on the measured velocity, velocity feed-forward of the goal's own rate of change
/// (goals arrive at the camera rate and are extrapolated between arrivals), then the velocity
/// limit, an acceleration limit and the position limits. Integral anti-windup by clamping.
/// Called from the control thread only; real-time safe.
/// </summary>
public sealed class JointTrackingController
{
    private readonly JointLimitSet _limits;
    private readonly ControlConfig _config;
    private JointVector _goalRad;
    private JointVector _goalRateRadPerS;
    private JointVector _integral;
    private JointVector _lastCommandRadPerS;
    private long _goalArrivalNs;
    private long _goalCaptureNs;
    private bool _hasGoal;

    /// <summary>Creates a controller for joints with the given limits.</summary>
    public JointTrackingController(JointLimitSet limits, ControlConfig config)
    {
        _limits = limits;
        _config = config;
    }

    /// <summary>The limits the controller works within.</summary>
    public JointLimitSet Limits => _limits;

    /// <summary>Whether a goal has been received.</summary>
    public bool HasGoal => _hasGoal;

    /// <summary>The current (un-extrapolated) goal, radians.</summary>
    public ref readonly JointVector GoalRad => ref _goalRad;

    /// <summary>Accepts a new goal at <paramref name="nowNs"/>; its rate is estimated from the previous goal's capture time.</summary>
    public void SetGoal(in JointGoal goal, long nowNs)
    {
        int n = _limits.Count;
        if (_hasGoal)
        {
            double dt = (goal.Stamp.CaptureNs - _goalCaptureNs) * 1e-9;
            for (int i = 0; i < n; i++)
            {
                double rate = dt is > 1e-4 and < 0.5 ? (goal.PositionsRad[i] - _goalRad[i]) / dt : 0;
                // Light smoothing: goal rates derived from noisy keypoints jitter frame to frame.
                _goalRateRadPerS[i] = Math.Clamp(0.5 * _goalRateRadPerS[i] + 0.5 * rate, -_limits.MaxVelocityRadPerS[i], _limits.MaxVelocityRadPerS[i]);
            }
        }

        for (int i = 0; i < n; i++)
        {
            _goalRad[i] = Math.Clamp(goal.PositionsRad[i], _limits.LowerRad[i], _limits.UpperRad[i]);
        }

        _goalCaptureNs = goal.Stamp.CaptureNs;
        _goalArrivalNs = nowNs;
        _hasGoal = true;
    }

    /// <summary>
    /// Forgets the goal and the integral, and takes <paramref name="commandedRadPerS"/> as the last
    /// commanded velocity so that the acceleration limit continues from what the joints were last
    /// told. Called by the control loop when the safety layer hands control back. Real-time safe.
    /// </summary>
    public void Reset(in JointVector commandedRadPerS)
    {
        _hasGoal = false;
        _goalRad = default;
        _goalRateRadPerS = default;
        _integral = default;
        _lastCommandRadPerS = commandedRadPerS;
    }

    /// <summary>
    /// Computes this tick's command from the measured <paramref name="state"/>. Without a goal the
    /// joints are held where they are (zero velocity).
    /// </summary>
    public void Update(in JointState state, long nowNs, double periodS, ref JointCommand command)
    {
        int n = _limits.Count;
        command.JointCount = n;
        command.TimestampNs = nowNs;
        double sinceGoalS = Math.Min((nowNs - _goalArrivalNs) * 1e-9, 0.1);
        for (int i = 0; i < n; i++)
        {
            double q = state.PositionsRad[i];
            double v = state.VelocitiesRadPerS[i];
            double vMax = _limits.MaxVelocityRadPerS[i];
            double velocity = 0;
            if (_hasGoal)
            {
                double target = Math.Clamp(_goalRad[i] + _goalRateRadPerS[i] * sinceGoalS, _limits.LowerRad[i], _limits.UpperRad[i]);
                double error = target - q;
                double integralLimit = vMax / Math.Max(_config.Ki, 1e-9);
                _integral[i] = Math.Clamp(_integral[i] + error * periodS, -integralLimit, integralLimit);
                velocity = _config.VelocityFeedForward * _goalRateRadPerS[i] + _config.Kp * error + _config.Ki * _integral[i] - _config.Kd * v;
            }

            velocity = Math.Clamp(velocity, -vMax, vMax);
            double maxChange = _config.MaxAccelerationRadPerS2 * periodS;
            velocity = Math.Clamp(velocity, _lastCommandRadPerS[i] - maxChange, _lastCommandRadPerS[i] + maxChange);
            double next = q + velocity * periodS;
            if (next < _limits.LowerRad[i] || next > _limits.UpperRad[i])
            {
                next = Math.Clamp(next, _limits.LowerRad[i], _limits.UpperRad[i]);
                velocity = (next - q) / periodS;
            }

            _lastCommandRadPerS[i] = velocity;
            command.VelocitiesRadPerS[i] = velocity;
            command.PositionsRad[i] = next;
        }
    }
}
