using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Planner.Behaviours;
using RobotEdge.Vision.Geometry;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Perception (on board, or through the site edge server with an on-board fallback) and planning
/// for one frame, on the compute thread: the two stages share a thread
/// because planning takes a fraction of a millisecond and a hand-off between them would only add a
/// context switch on a 2-core machine. Publishes the goal to the control loop's mailbox (newest
/// wins) and a telemetry record. Real-time safe in steady state.
/// </summary>
public sealed class ComputeStage
{
    private readonly IPoseInference _perception;
    private readonly LookAtPlanner _planner;
    private readonly LatestMailbox<JointGoal> _goals;
    private readonly SpscRing<FrameRecord> _telemetry;
    private FrameRecord _record;
    private JointGoal _goal;

    /// <summary>Creates the stage.</summary>
    public ComputeStage(IPoseInference perception, LookAtPlanner planner, LatestMailbox<JointGoal> goals, SpscRing<FrameRecord> telemetry)
    {
        _perception = perception;
        _planner = planner;
        _goals = goals;
        _telemetry = telemetry;
    }

    /// <summary>
    /// Extra time spent in perception on purpose, milliseconds (fault injection: it shows that a stage
    /// that falls behind drops stale frames and that misses are counted). 0 in normal runs.
    /// </summary>
    public double InjectedDelayMs { get; set; }

    /// <summary>
    /// Where a viewer (the console's video thread) gets a copy of a processed frame with its
    /// estimate; null when nobody watches. The copy is made only when the viewer asks.
    /// </summary>
    public FrameTap? Tap { get; set; }

    /// <summary>Telemetry records that did not fit in the ring (the telemetry thread fell behind).</summary>
    public long TelemetryOverflows { get; private set; }

    /// <summary>Solves each estimate's 3D target pose for the planner (<c>tracking.solvePose</c>), or null. Set before the loop starts.</summary>
    public TargetPoseSolver? PoseSolver { get; set; }

    /// <summary>Processes one frame. The caller keeps ownership of <paramref name="frame"/>.</summary>
    public void Process(Frame frame)
    {
        _record.TakenRealNs = MonotonicClock.GetTimestampNs();
        _perception.Estimate(frame, ref _record.Estimate, ref _record.Perception);
        if (PoseSolver is not null)
        {
            long poseStart = MonotonicClock.GetTimestampNs();
            PoseSolver.TrySolve(_record.Estimate.Keypoints, _record.Estimate.KeypointCount, _perception.MinConfidence, ref _record.Estimate.Target);
            _record.Perception.DecodeNs += MonotonicClock.GetTimestampNs() - poseStart;
        }

        if (InjectedDelayMs > 0)
        {
            SpinFor((long)(InjectedDelayMs * 1e6));
        }

        long planStart = MonotonicClock.GetTimestampNs();
        _record.Planned = _planner.TryPlan(_record.Estimate, frame.JointsAtCapture, ref _goal);
        long planEnd = MonotonicClock.GetTimestampNs();
        if (_record.Planned)
        {
            _goal.PlannedRealNs = planEnd;
            _goals.Publish(_goal);
        }

        _record.Stamp = frame.Stamp;
        _record.PlanNs = planEnd - planStart;
        Tap?.Offer(frame, _record.Estimate);
        if (!_telemetry.TryWrite(_record))
        {
            TelemetryOverflows++;
        }
    }

    private static void SpinFor(long ns)
    {
        long until = MonotonicClock.GetTimestampNs() + ns;
        while (MonotonicClock.GetTimestampNs() < until)
        {
            Thread.Sleep(0);
        }
    }
}
