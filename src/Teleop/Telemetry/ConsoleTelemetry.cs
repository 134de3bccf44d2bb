namespace RobotEdge.Teleop.Telemetry;

/// <summary>
/// Latency samples for the console's live charts, fed by the robot's telemetry thread (never by a
/// robot thread) and drained by the console's state thread. Thread-safe (a lock; neither side is
/// real-time).
/// </summary>
public sealed class ConsoleTelemetry
{
    /// <summary>Most samples of each kind held between two drains; older ones are dropped.</summary>
    public const int PendingCapacity = 512;

    private readonly object _lock = new();
    private readonly Queue<FrameSample> _frames = new();
    private readonly Queue<CommandSample> _commands = new();
    private long _framesTotal, _commandsTotal, _misses;

    /// <summary>Creates the feed for a robot with the given end-to-end deadline.</summary>
    public ConsoleTelemetry(double deadlineMs) => DeadlineMs = deadlineMs;

    /// <summary>The end-to-end deadline, ms.</summary>
    public double DeadlineMs { get; }

    /// <summary>One processed frame's stage latencies, ms.</summary>
    public readonly record struct FrameSample(long Sequence, double QueueMs, double PreprocessMs, double InferenceMs, double DecodeMs, double PlanMs);

    /// <summary>One frame's first command: goal published → command, and end to end, ms.</summary>
    public readonly record struct CommandSample(long Sequence, double ControlMs, double EndToEndMs);

    /// <summary>Adds a processed frame's stage timings.</summary>
    public void AddFrame(in FrameSample sample)
    {
        lock (_lock)
        {
            if (_frames.Count == PendingCapacity)
            {
                _frames.Dequeue();
            }

            _frames.Enqueue(sample);
            _framesTotal++;
        }
    }

    /// <summary>Adds a frame's first command; counts a deadline miss when its end-to-end latency exceeds the deadline.</summary>
    public void AddCommand(in CommandSample sample)
    {
        lock (_lock)
        {
            if (_commands.Count == PendingCapacity)
            {
                _commands.Dequeue();
            }

            _commands.Enqueue(sample);
            _commandsTotal++;
            if (sample.EndToEndMs > DeadlineMs)
            {
                _misses++;
            }
        }
    }

    /// <summary>Takes every sample added since the last drain, with the running totals.</summary>
    public (FrameSample[] Frames, CommandSample[] Commands, long FramesTotal, long CommandsTotal, long Misses) Drain()
    {
        lock (_lock)
        {
            var frames = _frames.ToArray();
            var commands = _commands.ToArray();
            _frames.Clear();
            _commands.Clear();
            return (frames, commands, _framesTotal, _commandsTotal, _misses);
        }
    }
}
