using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.Teleop.Operation;

/// <summary>
/// Turns the lease holder's jog commands into operator goals (manual mode). A jog moves a joint's
/// <em>target</em> (joint jogs directly, Cartesian jogs of the camera's aim point through the
/// robot's inverse kinematics), clamped into the joint limits. The published <em>set point</em>
/// follows the target at the jog speed (a fraction of each joint's velocity limit; all joints
/// arrive together), advanced only by the lease holder's heartbeats: each heartbeat moves it by at
/// most the jog speed × one heartbeat period and republishes it, so the safety layer's command
/// watchdog sees a live operator, and when the heartbeats stop the set point stops too. The only
/// writer of <see cref="ControlLoop.ManualGoals"/>; thread-safe (a lock; console threads only).
/// </summary>
public sealed class ManualDriver
{
    private readonly ConsoleRobot _robot;
    private readonly LookAtSolver _solver;
    private readonly object _lock = new();
    private readonly double[] _seed;
    private readonly double[] _solution;
    private readonly double[] _jogSpeedRadPerS;
    private readonly double _heartbeatS;
    private JointVector _targetRad;
    private JointVector _setPointRad;
    private bool _hasSetPoint;
    private long _lastStepNs;
    private long _sequence;

    /// <summary>Creates the driver.</summary>
    /// <param name="robot">The robot.</param>
    /// <param name="jogSpeedFraction">Jog speed as a fraction of each joint's velocity limit, (0, 1].</param>
    /// <param name="heartbeatMs">The page's heartbeat period, ms: the longest time one heartbeat advances the set point for.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1] or the period is not positive.</exception>
    public ManualDriver(ConsoleRobot robot, double jogSpeedFraction, int heartbeatMs)
    {
        if (!(jogSpeedFraction is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(jogSpeedFraction), jogSpeedFraction, "jog speed fraction must be in (0, 1]");
        }

        if (heartbeatMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(heartbeatMs), heartbeatMs, "heartbeat period must be positive");
        }

        _robot = robot;
        _solver = new LookAtSolver(robot.Chain);
        _seed = new double[robot.Chain.DofCount];
        _solution = new double[robot.Chain.DofCount];
        _heartbeatS = heartbeatMs * 1e-3;
        _jogSpeedRadPerS = new double[robot.Limits.Count];
        for (int i = 0; i < _jogSpeedRadPerS.Length; i++)
        {
            _jogSpeedRadPerS[i] = jogSpeedFraction * robot.Limits.MaxVelocityRadPerS[i];
        }
    }

    /// <summary>The speed at which joint <paramref name="joint"/>'s set point follows its target, rad/s.</summary>
    public double JogSpeedRadPerS(int joint) => _jogSpeedRadPerS[joint];

    /// <summary>Where the jogs lead, radians (only meaningful once a jog or heartbeat set it).</summary>
    public JointVector TargetRad
    {
        get
        {
            lock (_lock)
            {
                return _targetRad;
            }
        }
    }

    /// <summary>The set point published last, radians (on its way to <see cref="TargetRad"/>).</summary>
    public JointVector SetPointRad
    {
        get
        {
            lock (_lock)
            {
                return _setPointRad;
            }
        }
    }

    /// <summary>Whether the published set point has reached the target (every jog so far is carried out).</summary>
    public bool AtTarget
    {
        get
        {
            lock (_lock)
            {
                for (int i = 0; i < _robot.Limits.Count; i++)
                {
                    if (_setPointRad[i] != _targetRad[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    /// <summary>
    /// Forgets the set point and target: the next jog or heartbeat starts from the measured joints
    /// (call when manual mode is entered, control is taken or a stop is reset).
    /// </summary>
    public void Restart()
    {
        lock (_lock)
        {
            _hasSetPoint = false;
        }
    }

    /// <summary>
    /// Moves joint <paramref name="joint"/>'s target by <paramref name="deltaRad"/>, clamped into the
    /// joint's limits. The set point follows at the next heartbeats.
    /// </summary>
    /// <returns>The change of the target actually made, rad (smaller than asked at a limit, 0 when already there).</returns>
    /// <exception cref="ArgumentOutOfRangeException">No such joint, or a non-finite delta.</exception>
    public double JogJoint(int joint, double deltaRad, in JointState measured)
    {
        if ((uint)joint >= (uint)_robot.Limits.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(joint), joint, $"the robot has {_robot.Limits.Count} joints");
        }

        if (!double.IsFinite(deltaRad))
        {
            throw new ArgumentOutOfRangeException(nameof(deltaRad), deltaRad, "jog must be finite");
        }

        lock (_lock)
        {
            EnsureSetPoint(measured);
            double before = _targetRad[joint];
            _targetRad[joint] = Math.Clamp(before + deltaRad, _robot.Limits.LowerRad[joint], _robot.Limits.UpperRad[joint]);
            return _targetRad[joint] - before;
        }
    }

    /// <summary>
    /// Moves the point the camera aims at (on its optical axis, <see cref="ConsoleRobot.LookRangeM"/>
    /// ahead of the target's pose) by (<paramref name="dx"/>, <paramref name="dy"/>,
    /// <paramref name="dz"/>) metres in the base frame and solves for the joints' target.
    /// </summary>
    /// <returns>false when the solver found no configuration within tolerance (the best one within the limits is used).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite step.</exception>
    public bool JogCartesian(double dx, double dy, double dz, in JointState measured)
    {
        if (!double.IsFinite(dx) || !double.IsFinite(dy) || !double.IsFinite(dz))
        {
            throw new ArgumentOutOfRangeException(nameof(dx), "Cartesian jog must be finite");
        }

        lock (_lock)
        {
            EnsureSetPoint(measured);
            int n = _seed.Length;
            for (int i = 0; i < n; i++)
            {
                _seed[i] = _targetRad[i];
            }

            Transform3d pose = _robot.Chain.ComputeTipPose(_seed);
            // Optical frame: +Z is the viewing direction.
            Vec3d aim = pose.TransformPoint(new Vec3d(0, 0, _robot.LookRangeM)) + new Vec3d(dx, dy, dz);
            bool solved = _solver.TrySolve(aim, _seed, _solution, out _);
            for (int i = 0; i < n; i++)
            {
                _targetRad[i] = Math.Clamp(_solution[i], _robot.Limits.LowerRad[i], _robot.Limits.UpperRad[i]);
            }

            return solved;
        }
    }

    /// <summary>
    /// The lease holder's heartbeat (manual mode): moves the set point toward the target by at most
    /// the jog speed × min(time since the last heartbeat, one heartbeat period), every joint in
    /// proportion so that they arrive together, and republishes it.
    /// </summary>
    public void Heartbeat(in JointState measured)
    {
        lock (_lock)
        {
            long now = MonotonicClock.GetTimestampNs();
            double dtS = _hasSetPoint ? Math.Min((now - _lastStepNs) * 1e-9, _heartbeatS) : 0;
            EnsureSetPoint(measured);
            _lastStepNs = now;
            int n = _robot.Limits.Count;
            double slowestS = 0;
            for (int i = 0; i < n; i++)
            {
                slowestS = Math.Max(slowestS, Math.Abs(_targetRad[i] - _setPointRad[i]) / _jogSpeedRadPerS[i]);
            }

            if (slowestS > 0)
            {
                double fraction = Math.Min(1, dtS / slowestS);
                for (int i = 0; i < n; i++)
                {
                    _setPointRad[i] = fraction >= 1 ? _targetRad[i] : _setPointRad[i] + (_targetRad[i] - _setPointRad[i]) * fraction;
                }
            }

            PublishLocked();
        }
    }

    private void EnsureSetPoint(in JointState measured)
    {
        if (_hasSetPoint)
        {
            return;
        }

        _setPointRad = default;
        for (int i = 0; i < _robot.Limits.Count; i++)
        {
            _setPointRad[i] = Math.Clamp(measured.PositionsRad[i], _robot.Limits.LowerRad[i], _robot.Limits.UpperRad[i]);
        }

        _targetRad = _setPointRad;
        _lastStepNs = MonotonicClock.GetTimestampNs();
        _hasSetPoint = true;
    }

    private void PublishLocked()
    {
        _robot.Control.ManualGoals.Publish(new JointGoal
        {
            // Operator goals are set points, not samples of a trajectory: the same capture time on
            // every one tells the controller their rate is zero (no feed-forward, no extrapolation).
            Stamp = new FrameStamp(_sequence++, 0, 0),
            JointCount = _robot.Limits.Count,
            PositionsRad = _setPointRad,
            PlannedRealNs = MonotonicClock.GetTimestampNs(),
        });
    }
}
