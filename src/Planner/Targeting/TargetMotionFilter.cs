using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Targeting;

/// <summary>
/// An alpha–beta filter on the target's position in the base frame: smooths measurement noise and
/// estimates velocity, so the planner can aim where the target will be once the joints have moved.
/// Resets after a gap longer than <see cref="MaxGapS"/>. Allocation-free.
/// </summary>
public sealed class TargetMotionFilter
{
    /// <summary>Longest gap between measurements that keeps the filter's history, seconds.</summary>
    public const double MaxGapS = 0.5;

    private readonly double _alpha;
    private readonly double _beta;
    private Vec3d _position;
    private Vec3d _velocity;
    private long _lastNs;
    private bool _initialized;

    /// <summary>Creates a filter; <paramref name="gain"/> (0..1] is the weight of a new measurement.</summary>
    public TargetMotionFilter(double gain)
    {
        _alpha = Math.Clamp(gain, 0.01, 1);
        // The critically damped beta for a given alpha (Kalata's relation for alpha-beta trackers).
        _beta = _alpha * _alpha / (2 - _alpha);
    }

    /// <summary>Filtered position, base frame, metres.</summary>
    public Vec3d Position => _position;

    /// <summary>Estimated velocity, base frame, m/s.</summary>
    public Vec3d Velocity => _velocity;

    /// <summary>Adds a measurement taken at <paramref name="timeNs"/> on the loop's clock.</summary>
    public void Update(Vec3d measured, long timeNs)
    {
        double dt = (timeNs - _lastNs) * 1e-9;
        if (!_initialized || dt <= 0 || dt > MaxGapS)
        {
            _position = measured;
            _velocity = default;
            _lastNs = timeNs;
            _initialized = true;
            return;
        }

        Vec3d predicted = _position + _velocity * dt;
        Vec3d residual = measured - predicted;
        _position = predicted + residual * _alpha;
        _velocity = _velocity + residual * (_beta / dt);
        _lastNs = timeNs;
    }

    /// <summary>Forgets the history.</summary>
    public void Reset() => _initialized = false;
}
