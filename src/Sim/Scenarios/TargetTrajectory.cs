using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Sim.Scenarios;

/// <summary>
/// A scripted position over time (the marker plate's centre, a person's billboard): smooth (cosine-eased) motion between waypoints, so that
/// velocity is continuous at every waypoint. Pure function of time; allocation-free.
/// </summary>
public sealed class TargetTrajectory
{
    private readonly double[] _timesS;
    private readonly Vec3d[] _positions;
    private readonly bool _loop;

    /// <summary>Builds the trajectory of a scenario's target.</summary>
    public TargetTrajectory(TargetDefinition target)
        : this(target.Waypoints, target.Loop)
    {
    }

    /// <summary>Builds a trajectory through validated waypoints (at least one).</summary>
    public TargetTrajectory(WaypointDefinition[] waypoints, bool loop)
    {
        _timesS = waypoints.Select(w => w.TimeS).ToArray();
        _positions = waypoints.Select(w => new Vec3d(w.Position[0], w.Position[1], w.Position[2])).ToArray();
        _loop = loop && _timesS.Length > 1;
    }

    /// <summary>Duration of one pass through the waypoints, seconds.</summary>
    public double PeriodS => _timesS[^1] - _timesS[0];

    /// <summary>Target centre at time <paramref name="timeS"/>, base frame, metres.</summary>
    public Vec3d PositionAt(double timeS)
    {
        if (_timesS.Length == 1)
        {
            return _positions[0];
        }

        double t = timeS;
        if (_loop)
        {
            // Looping goes from the last waypoint back to the first over the first segment's duration.
            double cycle = PeriodS + (_timesS[1] - _timesS[0]);
            t = _timesS[0] + ((t - _timesS[0]) % cycle + cycle) % cycle;
            if (t > _timesS[^1])
            {
                double back = (t - _timesS[^1]) / (_timesS[1] - _timesS[0]);
                return Ease(_positions[^1], _positions[0], back);
            }
        }

        if (t <= _timesS[0])
        {
            return _positions[0];
        }

        for (int i = 1; i < _timesS.Length; i++)
        {
            if (t <= _timesS[i])
            {
                double s = (t - _timesS[i - 1]) / (_timesS[i] - _timesS[i - 1]);
                return Ease(_positions[i - 1], _positions[i], s);
            }
        }

        return _positions[^1];
    }

    private static Vec3d Ease(Vec3d from, Vec3d to, double s)
    {
        double w = 0.5 - 0.5 * Math.Cos(Math.PI * Math.Clamp(s, 0, 1));
        return from + (to - from) * w;
    }
}
