using RobotEdge.Edge.Scheduling;

namespace RobotEdge.Edge.Tests.Scheduling;

/// <summary>
/// Drives a scheduler with a simulated clock and a simulated executor whose batches take exactly
/// <c>executionNs(size)</c>: periodic robots submit at fixed phases, the executor takes a batch
/// whenever it is free. Deterministic; records what every request became.
/// </summary>
internal sealed class ScheduleSimulation
{
    private readonly IInferenceScheduler _scheduler;
    private readonly Func<int, long> _executionNs;
    private readonly List<InferenceItem> _batch = [];
    private readonly List<Rejection> _rejected = [];
    private readonly Dictionary<(int Robot, RejectionReason Reason), int> _rejections = [];

    public ScheduleSimulation(IInferenceScheduler scheduler, Func<int, long> executionNs, int robots)
    {
        _scheduler = scheduler;
        _executionNs = executionNs;
        Hits = new long[robots];
        Misses = new long[robots];
    }

    /// <summary>Requests per robot that finished by their deadline.</summary>
    public long[] Hits { get; }

    /// <summary>Requests per robot rejected, or (for a baseline) finished after their deadline.</summary>
    public long[] Misses { get; }

    /// <summary>Requests that ran and finished after their deadline.</summary>
    public long LateCompletions { get; private set; }

    /// <summary>Batches run and the items in them.</summary>
    public long Batches { get; private set; }

    public long BatchedItems { get; private set; }

    /// <summary>Requests of <paramref name="robot"/> given back for <paramref name="reason"/>.</summary>
    public int Rejections(int robot, RejectionReason reason) => _rejections.GetValueOrDefault((robot, reason));

    /// <summary>
    /// Runs <paramref name="periods"/> camera periods: robot r submits at k·period + phases[r] with
    /// its deadline <paramref name="relativeDeadlineNs"/> later.
    /// </summary>
    public void Run(long periodNs, long[] phasesNs, long relativeDeadlineNs, int periods)
    {
        var arrivals = new List<InferenceItem>();
        for (int k = 0; k < periods; k++)
        {
            for (int r = 0; r < phasesNs.Length; r++)
            {
                long t = k * periodNs + phasesNs[r];
                arrivals.Add(new InferenceItem(r, k, t + relativeDeadlineNs, t, null));
            }
        }

        Run(arrivals);
    }

    /// <summary>Submits every request of <paramref name="arrivals"/> at its arrival time and runs the executor until all are decided.</summary>
    public void Run(List<InferenceItem> arrivals)
    {
        arrivals.Sort((a, b) => a.ArrivalNs != b.ArrivalNs ? a.ArrivalNs.CompareTo(b.ArrivalNs) : a.Robot.CompareTo(b.Robot));
        long freeAt = 0;
        int next = 0;
        int runningSize = 0;
        while (next < arrivals.Count || _scheduler.QueueLength > 0)
        {
            // Submit everything that has arrived by the time the executor is free.
            if (next < arrivals.Count && arrivals[next].ArrivalNs <= freeAt)
            {
                InferenceItem item = arrivals[next++];
                _scheduler.Submit(item, item.ArrivalNs, _rejected);
                Drain();
                continue;
            }

            long now = freeAt;
            if (runningSize > 0)
            {
                // The running batch ends now: the executor reports it, as the server does.
                _scheduler.Complete(runningSize, _executionNs(runningSize), now);
                runningSize = 0;
            }

            if (_scheduler.QueueLength == 0)
            {
                freeAt = arrivals[next].ArrivalNs;
                continue;
            }

            _batch.Clear();
            _scheduler.TakeBatch(now, _batch, _rejected);
            Drain();
            if (_batch.Count == 0)
            {
                continue;
            }

            long execution = _executionNs(_batch.Count);
            runningSize = _batch.Count;
            freeAt = now + execution;
            Batches++;
            BatchedItems += _batch.Count;
            foreach (InferenceItem item in _batch)
            {
                if (freeAt <= item.DeadlineNs)
                {
                    Hits[item.Robot]++;
                }
                else
                {
                    Misses[item.Robot]++;
                    LateCompletions++;
                }
            }
        }
    }

    private void Drain()
    {
        foreach (Rejection r in _rejected)
        {
            Misses[r.Item.Robot]++;
            _rejections[(r.Item.Robot, r.Reason)] = Rejections(r.Item.Robot, r.Reason) + 1;
        }

        _rejected.Clear();
    }
}
