using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;

namespace RobotEdge.Teleop.Operation;

/// <summary>
/// Turns the lease holder's jog commands into operator goals (manual mode): a joint set point per
/// joint, moved by joint jogs or by Cartesian jogs of the camera's aim point (solved with the
/// robot's inverse kinematics), clamped into the joint limits, and republished with every heartbeat
/// so that the safety layer's command watchdog sees a live operator. The only writer of
/// <see cref="ControlLoop.ManualGoals"/>; thread-safe (a lock; console threads only).
/// </summary>
public sealed class ManualDriver
{
    private readonly ConsoleRobot _robot;
    private readonly LookAtSolver _solver;
    private readonly object _lock = new();
    private readonly double[] _seed;
    private readonly double[] _solution;
    private JointVector _setPointRad;
    private bool _hasSetPoint;
    private long _sequence;

    /// <summary>Creates the driver.</summary>
    public ManualDriver(ConsoleRobot robot)
    {
        _robot = robot;
        _solver = new LookAtSolver(robot.Chain);
        _seed = new double[robot.Chain.DofCount];
        _solution = new double[robot.Chain.DofCount];
    }

    /// <summary>The current set point, radians (only meaningful once a jog or heartbeat set it).</summary>
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

    /// <summary>Forgets the set point: the next jog or heartbeat starts from the measured joints (call when manual mode is entered).</summary>
    public void Restart()
    {
        lock (_lock)
        {
            _hasSetPoint = false;
        }
    }

    /// <summary>Moves joint <paramref name="joint"/>'s set point by <paramref name="deltaRad"/> and publishes it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such joint, or a non-finite delta.</exception>
    public void JogJoint(int joint, double deltaRad, in JointState measured)
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
            _setPointRad[joint] = Math.Clamp(_setPointRad[joint] + deltaRad, _robot.Limits.LowerRad[joint], _robot.Limits.UpperRad[joint]);
            PublishLocked();
        }
    }

    /// <summary>
    /// Moves the point the camera aims at (on its optical axis, <see cref="ConsoleRobot.LookRangeM"/>
    /// ahead of the set point's pose) by (<paramref name="dx"/>, <paramref name="dy"/>,
    /// <paramref name="dz"/>) metres in the base frame, solves for the joints and publishes them.
    /// </summary>
    /// <returns>false when the solver found no configuration within tolerance (the best one within the limits is used).</returns>
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
                _seed[i] = _setPointRad[i];
            }

            Transform3d pose = _robot.Chain.ComputeTipPose(_seed);
            // Optical frame: +Z is the viewing direction.
            Vec3d aim = pose.TransformPoint(new Vec3d(0, 0, _robot.LookRangeM)) + new Vec3d(dx, dy, dz);
            bool solved = _solver.TrySolve(aim, _seed, _solution, out _);
            for (int i = 0; i < n; i++)
            {
                _setPointRad[i] = Math.Clamp(_solution[i], _robot.Limits.LowerRad[i], _robot.Limits.UpperRad[i]);
            }

            PublishLocked();
            return solved;
        }
    }

    /// <summary>The lease holder's heartbeat: republishes the set point so the watchdog stays fed (manual mode).</summary>
    public void Heartbeat(in JointState measured)
    {
        lock (_lock)
        {
            EnsureSetPoint(measured);
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
