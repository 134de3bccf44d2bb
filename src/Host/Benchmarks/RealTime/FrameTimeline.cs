using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Every frame's path through the loop, from the telemetry the stages already push: capture, taken
/// by the compute thread, each perception step, planned, first command, on the wire. Hooked to a
/// run's <see cref="RunStatistics"/> observers, so it is fed on the telemetry thread as records are
/// drained; arrays allocated once, indexed by frame sequence (frames beyond <see cref="Capacity"/> are
/// not kept). Allocation-free while fed; read after the run.
/// </summary>
public sealed class FrameTimeline
{
    private readonly long[] _captureNs;
    private readonly long[] _takenNs;
    private readonly long[] _preprocessNs;
    private readonly long[] _inferenceNs;
    private readonly long[] _decodeNs;
    private readonly long[] _planNs;
    private readonly long[] _plannedNs;
    private readonly long[] _commandNs;
    private readonly long[] _wireNs;

    /// <summary>Creates a timeline for frames 0 … <paramref name="capacity"/> − 1.</summary>
    public FrameTimeline(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _captureNs = new long[capacity];
        _takenNs = new long[capacity];
        _preprocessNs = new long[capacity];
        _inferenceNs = new long[capacity];
        _decodeNs = new long[capacity];
        _planNs = new long[capacity];
        _plannedNs = new long[capacity];
        _commandNs = new long[capacity];
        _wireNs = new long[capacity];
    }

    /// <summary>Frames that can be kept.</summary>
    public int Capacity { get; }

    /// <summary>Subscribes to <paramref name="statistics"/>' frame, command and wire records (replacing any observers there).</summary>
    public void Attach(RunStatistics statistics)
    {
        statistics.FrameObserved = OnFrame;
        statistics.CommandObserved = OnCommand;
        statistics.WireObserved = OnWire;
    }

    /// <summary>Whether frame <paramref name="sequence"/> was processed and its first command handed to the bus.</summary>
    public bool Commanded(long sequence) => sequence >= 0 && sequence < Capacity && _takenNs[sequence] != 0 && _commandNs[sequence] != 0;

    /// <summary>Capture → first command of a <see cref="Commanded"/> frame, ns.</summary>
    public long CaptureToCommandNs(long sequence) => _commandNs[sequence] - _captureNs[sequence];

    /// <summary>The capture time of frame <paramref name="sequence"/>, monotonic ns.</summary>
    public long CaptureNs(long sequence) => _captureNs[sequence];

    /// <summary>The time frame <paramref name="sequence"/>'s first command was handed to the bus, monotonic ns.</summary>
    public long CommandNs(long sequence) => _commandNs[sequence];

    /// <summary>
    /// The steps of a <see cref="Commanded"/> frame, ns, in the order of <see cref="StepNames"/>; the
    /// wire step is −1 when no wire time was recorded.
    /// </summary>
    public void Steps(long sequence, Span<long> steps)
    {
        long measured = _preprocessNs[sequence] + _inferenceNs[sequence] + _decodeNs[sequence] + _planNs[sequence];
        steps[0] = _takenNs[sequence] - _captureNs[sequence];
        steps[1] = _preprocessNs[sequence];
        steps[2] = _inferenceNs[sequence];
        steps[3] = _decodeNs[sequence];
        steps[4] = _planNs[sequence];
        steps[5] = _plannedNs[sequence] - _takenNs[sequence] - measured;
        steps[6] = _commandNs[sequence] - _plannedNs[sequence];
        steps[7] = _wireNs[sequence] == 0 ? -1 : _wireNs[sequence] - _commandNs[sequence];
    }

    /// <summary>
    /// Names of the steps <see cref="Steps"/> writes: capture → taken by the compute thread (in
    /// simulation, includes the rendering), the four measured perception/planning steps, the rest of
    /// the compute stage, the wait for the control tick, and the bus write.
    /// </summary>
    public static readonly string[] StepNames =
        ["queue (capture -> taken)", "preprocess", "inference", "decode", "plan", "other compute", "wait for control tick", "command -> wire"];

    private void OnFrame(FrameRecord f)
    {
        long s = f.Stamp.Sequence;
        if (s < 0 || s >= Capacity)
        {
            return;
        }

        _captureNs[s] = f.Stamp.ReadyRealNs;
        _takenNs[s] = f.TakenRealNs;
        _preprocessNs[s] = f.Perception.PreprocessNs;
        _inferenceNs[s] = f.Perception.InferenceNs;
        _decodeNs[s] = f.Perception.DecodeNs;
        _planNs[s] = f.PlanNs;
    }

    private void OnCommand(CommandRecord c)
    {
        long s = c.Stamp.Sequence;
        if (s < 0 || s >= Capacity)
        {
            return;
        }

        _captureNs[s] = c.Stamp.ReadyRealNs;
        _plannedNs[s] = c.GoalPlannedRealNs;
        _commandNs[s] = c.CommandRealNs;
    }

    private void OnWire(WireRecord w)
    {
        long s = w.Stamp.Sequence;
        if (s >= 0 && s < Capacity)
        {
            _wireNs[s] = w.WireRealNs;
        }
    }
}
