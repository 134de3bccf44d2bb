using System.Diagnostics;

namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// Deadline-aware batching in the spirit of Clockwork: every request carries its absolute
/// deadline; work is ordered by latest start time (deadline − predicted p99 execution time, which
/// for one batch size is deadline order); the executor, when free, runs a batch whose predicted
/// p99 execution still ends before the deadline of every member; work that can no longer make it
/// is given back at once, never run late.
/// </summary>
/// <remarks>
/// <para>Which batch: among the sizes whose predicted p99 meets every member's deadline, the one
/// with the highest typical throughput (items per median second), ties to the larger. Where batching pays, as
/// on a GPU, throughput grows with the batch and this is the largest feasible batch; where it does
/// not — on this project's 2-core build machine a batch of 8 costs 1.7-2.8× more per item than single
/// runs — the profile says so and the scheduler stops batching instead of making everyone wait.</para>
/// <para>Feasibility is checked by playing the queue forward: starting when the executor is free,
/// take batches in deadline order exactly as <see cref="TakeBatch"/> would; the first request that
/// would finish late marks an overload. The batches ahead of a request advance the clock by their
/// typical (median) time, the request's own batch must fit with its p99: the p99 of a sum of many
/// short runs is far below the sum of their p99s, and on a shared CPU, where a run's tail is set by
/// the operating system's scheduling rather than the model, summing tails rejected a fifth of the
/// requests that first-come-first-served then finished in time. Rather than letting that request be the one that misses
/// (which, with robots at fixed camera phases, would be the same robot every period), one request
/// among those up to and including it is shed: the one whose robot has missed least so far, ties
/// going to the later deadline. The play-forward repeats until the queue is feasible. This is what
/// keeps robots fair under overload: misses rotate among them and none starves.</para>
/// <para>Shedding among the requests at risk is not enough when robots keep fixed camera phases:
/// the same two robots are at risk in every period while the others, arriving just after the
/// backlog clears, never are. So while the server is overloaded (a request was shed within
/// <see cref="SchedulerOptions.OverloadWindowNs"/>), a robot that has missed at least one request
/// fewer than the mean of the active robots is refused at admission
/// (<see cref="RejectionReason.FairShare"/>): its share of the unavoidable misses is taken from it
/// now, which frees the capacity another robot would have missed for.</para>
/// <para>One exception to the p99 rule: a request that is the only work and finds the executor idle
/// needs only its typical time to fit. Running it costs no other request anything, and on a shared
/// CPU the p99 carries the operating system's stalls: with few robots, one stalled run kept the
/// prediction above every deadline budget and the scheduler refused an idle server's work. Such a
/// request may, rarely, finish late; it never delays anyone.</para>
/// <para>A robot waits for its newest frame only, so a newer request of the same robot replaces
/// the queued one (<see cref="RejectionReason.Superseded"/>; not counted as a miss).</para>
/// <para>Allocation-free in steady state: the queue is a fixed array of <see cref="SchedulerOptions.QueueCap"/>+1 slots.</para>
/// </remarks>
public sealed class DeadlineScheduler : IInferenceScheduler
{
    private readonly SchedulerOptions _options;

    /// <summary>Waiting requests, kept sorted by deadline (then arrival): index 0 is the most urgent.</summary>
    private readonly InferenceItem[] _queue;
    private int _count;

    /// <summary>Misses (deadline or queue-full rejections) per robot since the server started.</summary>
    private readonly long[] _misses;

    /// <summary>When each robot last submitted, ns (long.MinValue: never).</summary>
    private readonly long[] _lastSeenNs;

    /// <summary>When a request was last shed for its deadline or the queue cap, ns.</summary>
    private long _lastShedNs = long.MinValue;

    /// <summary>Typical time the executor becomes free, ns (the end of the batch it last took).</summary>
    private long _busyUntilNs = long.MinValue;

    /// <summary>Whether a batch has been taken and not yet completed.</summary>
    private bool _executorBusy;

    /// <summary>Creates the scheduler.</summary>
    public DeadlineScheduler(SchedulerOptions options)
    {
        _options = options;
        _queue = new InferenceItem[options.QueueCap + 1];
        _misses = new long[options.RobotCapacity];
        _lastSeenNs = new long[options.RobotCapacity];
        Array.Fill(_lastSeenNs, long.MinValue);
        Profile = new ExecutionProfile(options.MaxBatch, options.InitialPerItemNs);
    }

    /// <inheritdoc />
    public string Name => "deadline";

    /// <inheritdoc />
    public int QueueLength => _count;

    /// <inheritdoc />
    public ExecutionProfile Profile { get; }

    /// <summary>Misses charged to <paramref name="robot"/> so far (what fairness balances).</summary>
    public long Misses(int robot) => _misses[robot];

    /// <inheritdoc />
    public void Submit(in InferenceItem item, long nowNs, List<Rejection> rejected)
    {
        Profile.Expire(nowNs);
        _lastSeenNs[item.Robot] = nowNs;
        for (int i = 0; i < _count; i++)
        {
            if (_queue[i].Robot == item.Robot)
            {
                rejected.Add(new Rejection(_queue[i], RejectionReason.Superseded));
                RemoveAt(i);
                break;
            }
        }

        // Only under contention: a request that finds the executor idle and the queue empty costs
        // no one anything now.
        if ((_count > 0 || _busyUntilNs > nowNs) && OwesFairShare(item.Robot, nowNs))
        {
            _misses[item.Robot]++;
            rejected.Add(new Rejection(item, RejectionReason.FairShare));
            return;
        }

        Insert(item);
        if (_count > _options.QueueCap)
        {
            Reject(FairestVictim(_count - 1), RejectionReason.QueueFull, nowNs, rejected);
        }

        ShedUntilFeasible(Math.Max(nowNs, _busyUntilNs), nowNs, executorIdle: !_executorBusy, rejected);
    }

    /// <inheritdoc />
    public void TakeBatch(long nowNs, List<InferenceItem> batch, List<Rejection> rejected)
    {
        Profile.Expire(nowNs);
        ShedUntilFeasible(nowNs, nowNs, executorIdle: true, rejected);
        if (_count == 0)
        {
            return;
        }

        int size = ChooseBatch(nowNs, 0, soleWork: _count == 1);
        Debug.Assert(size >= 1, "After shedding, the most urgent request fits at least alone.");
        for (int i = 0; i < size; i++)
        {
            batch.Add(_queue[i]);
        }

        Array.Copy(_queue, size, _queue, 0, _count - size);
        _count -= size;
        _busyUntilNs = nowNs + Profile.TypicalNs(size);
        _executorBusy = true;
        // The rest waits for the executor; whoever can no longer make it goes back now.
        ShedUntilFeasible(_busyUntilNs, nowNs, executorIdle: false, rejected);
    }

    /// <inheritdoc />
    public void Complete(int batchSize, long executionNs, long nowNs)
    {
        Profile.Record(batchSize, executionNs, nowNs);
        // The executor is free now, however long the prediction said the batch would take.
        _busyUntilNs = long.MinValue;
        _executorBusy = false;
    }

    /// <summary>
    /// Whether, under overload, <paramref name="robot"/> has missed at least one request fewer than
    /// the mean of the robots active within the overload window.
    /// </summary>
    private bool OwesFairShare(int robot, long nowNs)
    {
        if (_lastShedNs == long.MinValue || nowNs - _lastShedNs > _options.OverloadWindowNs)
        {
            return false;
        }

        long sum = 0;
        int active = 0;
        for (int r = 0; r < _lastSeenNs.Length; r++)
        {
            if (_lastSeenNs[r] != long.MinValue && nowNs - _lastSeenNs[r] <= _options.OverloadWindowNs)
            {
                sum += _misses[r];
                active++;
            }
        }

        return active > 1 && (_misses[robot] + 1) * active <= sum;
    }

    /// <summary>
    /// Plays the queue forward from <paramref name="startNs"/> (when the executor is free) and sheds one request per overload
    /// found, until every remaining request is predicted to meet its deadline.
    /// </summary>
    private void ShedUntilFeasible(long startNs, long nowNs, bool executorIdle, List<Rejection> rejected)
    {
        while (_count > 0)
        {
            int late = FirstLate(startNs, executorIdle);
            if (late < 0)
            {
                return;
            }

            Reject(FairestVictim(late), RejectionReason.DeadlineUnreachable, nowNs, rejected);
        }
    }

    /// <summary>Index of the first request that would finish late if the queue ran from <paramref name="startNs"/>; −1 if none.</summary>
    private int FirstLate(long startNs, bool executorIdle)
    {
        long t = startNs;
        int i = 0;
        while (i < _count)
        {
            int size = ChooseBatch(t, i, soleWork: executorIdle && _count == 1);
            if (size == 0)
            {
                return i;
            }

            t += Profile.TypicalNs(size);
            i += size;
        }

        return -1;
    }

    /// <summary>
    /// The batch of the requests from index <paramref name="first"/> on (in deadline order) that,
    /// started at <paramref name="startNs"/>, ends before the first one's deadline — hence before
    /// every member's — with the highest typical throughput, ties to the larger. 0 when even the
    /// first alone would be late. <paramref name="soleWork"/>: the request is the only one and the
    /// executor is idle, so its typical time is enough (see the class remarks).
    /// </summary>
    private int ChooseBatch(long startNs, int first, bool soleWork)
    {
        long deadline = _queue[first].DeadlineNs;
        int limit = Math.Min(_options.MaxBatch, _count - first);
        int best = 0;
        long bestNs = 0;
        for (int size = 1; size <= limit; size++)
        {
            long typical = Profile.TypicalNs(size);
            // size / typical ≥ best / bestNs, in integers: the larger wins a tie.
            long needed = soleWork ? typical : Profile.PredictNs(size);
            if (startNs + needed <= deadline && (best == 0 || (long)size * bestNs >= (long)best * typical))
            {
                best = size;
                bestNs = typical;
            }
        }

        return best;
    }

    /// <summary>
    /// Among requests 0..<paramref name="last"/>, the one to shed: its robot has the fewest misses;
    /// ties go to the later deadline, then to the later arrival.
    /// </summary>
    private int FairestVictim(int last)
    {
        int victim = 0;
        for (int i = 1; i <= last; i++)
        {
            long m = _misses[_queue[i].Robot], best = _misses[_queue[victim].Robot];
            if (m < best || (m == best && !Precedes(_queue[i], _queue[victim])))
            {
                victim = i;
            }
        }

        return victim;
    }

    private void Reject(int index, RejectionReason reason, long nowNs, List<Rejection> rejected)
    {
        InferenceItem item = _queue[index];
        _misses[item.Robot]++;
        _lastShedNs = Math.Max(_lastShedNs, nowNs);
        rejected.Add(new Rejection(item, reason));
        RemoveAt(index);
    }

    /// <summary>Deadline order, then arrival, then robot index: a total order, so runs are deterministic.</summary>
    private static bool Precedes(in InferenceItem a, in InferenceItem b) =>
        a.DeadlineNs != b.DeadlineNs ? a.DeadlineNs < b.DeadlineNs
        : a.ArrivalNs != b.ArrivalNs ? a.ArrivalNs < b.ArrivalNs
        : a.Robot < b.Robot;

    private void Insert(in InferenceItem item)
    {
        int i = _count;
        while (i > 0 && Precedes(item, _queue[i - 1]))
        {
            _queue[i] = _queue[i - 1];
            i--;
        }

        _queue[i] = item;
        _count++;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_queue, index + 1, _queue, index, _count - index - 1);
        _count--;
        _queue[_count] = default;
    }
}
