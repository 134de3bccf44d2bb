using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Timing;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Telemetry;

/// <summary>
/// The telemetry thread's side of a run: drains the frame and command records the stages push and
/// the buses' wire timelines, checks every stage against its budget, and (in simulation) compares
/// keypoints with the ground truth. Single-threaded; allocation-free per record.
/// </summary>
/// <remarks>
/// Two end-to-end figures: capture → command (the control thread handed the frame's first command to
/// the bus: <see cref="DeadlineStage.EndToEnd"/>, what the deadline is checked against) and capture →
/// wire (<see cref="CaptureToWireMs"/>: every bus's write carrying that command completed). Both start
/// at <see cref="FrameStamp.ReadyRealNs"/>: the capture time in real time, the time the frame was
/// ready in lockstep (simulated waits excluded).
/// </remarks>
public sealed partial class RunStatistics
{
    private const double NsPerMs = 1e6;

    private readonly SpscRing<FrameRecord> _frames;
    private readonly SpscRing<CommandRecord> _commands;
    private readonly IFrameTruth? _truth;
    private readonly float _minConfidence;

    /// <summary>Creates the statistics for a run of up to <paramref name="capacity"/> frames.</summary>
    /// <param name="frames">The compute thread's records.</param>
    /// <param name="commands">The control thread's records.</param>
    /// <param name="budget">Stage budgets and the end-to-end deadline.</param>
    /// <param name="truth">Ground truth per frame (simulation), or null.</param>
    /// <param name="minConfidence">Keypoints below this confidence count as missed.</param>
    /// <param name="capacity">Frames whose figures are kept (the newest win).</param>
    /// <param name="wireTimelines">The robot's buses' wire timelines (<c>IActuatorBus.WireTimelines</c>); null or empty: no capture → wire figures ("n/a").</param>
    public RunStatistics(SpscRing<FrameRecord> frames, SpscRing<CommandRecord> commands, DeadlineConfig budget,
        IFrameTruth? truth, float minConfidence, int capacity, IReadOnlyList<WireTimeline>? wireTimelines = null)
    {
        _frames = frames;
        _commands = commands;
        _truth = truth;
        _minConfidence = minConfidence;
        Deadlines = new DeadlineMonitor(capacity);
        Deadlines.SetBudget(DeadlineStage.Queue, budget.QueueMs);
        Deadlines.SetBudget(DeadlineStage.Preprocess, budget.PreprocessMs);
        Deadlines.SetBudget(DeadlineStage.Inference, budget.InferenceMs);
        Deadlines.SetBudget(DeadlineStage.Decode, budget.DecodeMs);
        Deadlines.SetBudget(DeadlineStage.Plan, budget.PlanMs);
        Deadlines.SetBudget(DeadlineStage.Control, budget.ControlMs);
        Deadlines.SetBudget(DeadlineStage.EndToEnd, budget.EndToEndMs);
        KeypointErrorPx = new LatencyRecorder(capacity * 4);
        TrackingErrorDeg = new LatencyRecorder(capacity);
        _wire = new WireState(wireTimelines ?? [], capacity);
    }

    /// <summary>Per-stage latencies and misses.</summary>
    public DeadlineMonitor Deadlines { get; }

    /// <summary>Distance between each confident keypoint and its marker's true projection, pixels.</summary>
    public LatencyRecorder KeypointErrorPx { get; }

    /// <summary>
    /// Angle between the camera's optical axis and the target, degrees, per frame once the
    /// simulated time exceeds <see cref="SettleTimeS"/> (the initial acquisition is not tracking).
    /// </summary>
    public LatencyRecorder TrackingErrorDeg { get; private set; } = null!;

    /// <summary>The newest frame's tracking error, degrees.</summary>
    public double LastTrackingErrorDeg { get; private set; } = double.NaN;

    /// <summary>The newest per-frame tracking errors, degrees (a ring of <see cref="RecentCapacity"/>).</summary>
    private readonly double[] _recentTrackingDeg = new double[RecentCapacity];
    private long _recentCount;

    /// <summary>How many recent tracking errors are kept.</summary>
    public const int RecentCapacity = 256;

    /// <summary>Mean tracking error over the newest <paramref name="frames"/> frames, degrees (NaN if none).</summary>
    public double NewestTrackingErrorMeanDeg(int frames)
    {
        int n = (int)Math.Min(Math.Min(frames, RecentCapacity), _recentCount);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += _recentTrackingDeg[(_recentCount - 1 - i) % RecentCapacity];
        }

        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>Simulated seconds after which tracking error counts.</summary>
    public double SettleTimeS { get; init; } = 2.0;

    /// <summary>Frames the compute thread processed.</summary>
    public long FramesProcessed { get; private set; }

    /// <summary>Frames that produced a goal.</summary>
    public long FramesPlanned { get; private set; }

    /// <summary>Frames whose goal reached the actuators.</summary>
    public long FramesCommanded { get; private set; }

    /// <summary>Visible markers the model did not find with enough confidence.</summary>
    public long MissedKeypoints { get; private set; }

    /// <summary>Sequence of the newest frame processed.</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>Where this run's deadline counts and latencies are published for the robot's health reports; may be null.</summary>
    public HealthBoard? Health
    {
        get => _health;
        set
        {
            _health = value;
            value?.BeginRun();
        }
    }

    private HealthBoard? _health;

    /// <summary>Called on the draining thread for each frame record, after it is counted (the console's latency charts).</summary>
    public Action<FrameRecord>? FrameObserved { get; set; }

    /// <summary>Called on the draining thread for each command record, after it is counted.</summary>
    public Action<CommandRecord>? CommandObserved { get; set; }

    /// <summary>Drains everything the stages have pushed so far.</summary>
    public void Drain()
    {
        while (_frames.TryRead(out FrameRecord f))
        {
            Add(f);
            FrameObserved?.Invoke(f);
        }

        while (_commands.TryRead(out CommandRecord c))
        {
            Add(c);
            CommandObserved?.Invoke(c);
        }

        DrainWire();
    }

    private void Add(in FrameRecord f)
    {
        FramesProcessed++;
        LastSequence = f.Stamp.Sequence;
        Deadlines.Record(DeadlineStage.Queue, (f.TakenRealNs - f.Stamp.ReadyRealNs) / NsPerMs);
        Deadlines.Record(DeadlineStage.Preprocess, f.Perception.PreprocessNs / NsPerMs);
        Deadlines.Record(DeadlineStage.Inference, f.Perception.InferenceNs / NsPerMs);
        Deadlines.Record(DeadlineStage.Decode, f.Perception.DecodeNs / NsPerMs);
        if (f.Planned)
        {
            FramesPlanned++;
            Deadlines.Record(DeadlineStage.Plan, f.PlanNs / NsPerMs);
        }

        if (_truth is null || !_truth.TryGet(f.Stamp.Sequence, out FrameTruth truth))
        {
            return;
        }

        LastTrackingErrorDeg = truth.PointingErrorRad * 180 / Math.PI;
        _recentTrackingDeg[_recentCount++ % RecentCapacity] = LastTrackingErrorDeg;
        if (truth.TimeS >= SettleTimeS)
        {
            TrackingErrorDeg.Add(LastTrackingErrorDeg);
        }

        for (int i = 0; i < f.Estimate.KeypointCount && i < 4; i++)
        {
            if ((truth.VisibleMask & (1 << i)) == 0)
            {
                continue;
            }

            var k = f.Estimate.Keypoints[i];
            if (k.Confidence < _minConfidence)
            {
                MissedKeypoints++;
                continue;
            }

            double dx = k.XPx - truth.Markers[i].U, dy = k.YPx - truth.Markers[i].V;
            KeypointErrorPx.Add(Math.Sqrt(dx * dx + dy * dy));
        }
    }

    private void Add(in CommandRecord c)
    {
        FramesCommanded++;
        Deadlines.Record(DeadlineStage.Control, (c.CommandRealNs - c.GoalPlannedRealNs) / NsPerMs);
        double endToEndMs = (c.CommandRealNs - c.Stamp.ReadyRealNs) / NsPerMs;
        bool missed = Deadlines.Record(DeadlineStage.EndToEnd, endToEndMs);
        _health?.RecordCommand(endToEndMs, missed);
    }
}
