using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Planner.Behaviours;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Perception (on board, or through the site edge server with an on-board fallback, then the
/// target's 3D pose when configured) and planning for one frame, on the compute thread: the two
/// stages share a thread because planning takes a fraction of a millisecond and a hand-off between
/// them would only add a context switch on a 2-core machine. Publishes the goal to the control
/// loop's mailbox (newest wins), offers the frame to a viewer's tap, and writes a telemetry record.
/// Every collaborator arrives through the constructor. Real-time safe in steady state.
/// </summary>
public sealed class ComputeStage
{
    private readonly IPoseInference _perception;
    private readonly IJointPlanner _planner;
    private readonly LatestMailbox<JointGoal> _goals;
    private readonly SpscRing<FrameRecord> _telemetry;
    private readonly FrameTap? _tap;
    private FrameRecord _record;
    private JointGoal _goal;

    /// <summary>Creates the stage.</summary>
    /// <param name="perception">Perception per frame (a <see cref="PerceptionStage"/>: inference, then the pose solve).</param>
    /// <param name="planner">The planner.</param>
    /// <param name="goals">Where goals go to the control loop.</param>
    /// <param name="telemetry">Where frame records go to the telemetry thread.</param>
    /// <param name="tap">Where a viewer (the console's video thread) gets a copy of a processed frame when it asks; null: no viewer.</param>
    public ComputeStage(IPoseInference perception, IJointPlanner planner, LatestMailbox<JointGoal> goals, SpscRing<FrameRecord> telemetry, FrameTap? tap = null)
    {
        _perception = perception;
        _planner = planner;
        _goals = goals;
        _telemetry = telemetry;
        _tap = tap;
    }

    /// <summary>
    /// Extra time spent in perception on purpose, milliseconds (fault injection: it shows that a stage
    /// that falls behind drops stale frames and that misses are counted). 0 in normal runs.
    /// </summary>
    public double InjectedDelayMs { get; set; }

    /// <summary>
    /// Where a viewer (the console's video thread) gets a copy of a processed frame with its
    /// estimate, or null. The copy is made only when the viewer asks.
    /// </summary>
    public FrameTap? Tap => _tap;

    /// <summary>Telemetry records that did not fit in the ring (the telemetry thread fell behind).</summary>
    public long TelemetryOverflows { get; private set; }

    /// <summary>Processes one frame. The caller keeps ownership of <paramref name="frame"/>.</summary>
    public void Process(Frame frame)
    {
        _record.TakenRealNs = MonotonicClock.GetTimestampNs();
        _perception.Estimate(frame, ref _record.Estimate, ref _record.Perception);

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
        _tap?.Offer(frame, _record.Estimate);
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
