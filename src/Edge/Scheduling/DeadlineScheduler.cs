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
/// <para>Only the misses the server caused count, so that no robot can game fair sharing: a robot
/// whose requests it makes infeasible itself would otherwise pile up misses, mark the server
/// overloaded, and have every honest robot "owe" it its share (measured before this rule: 100
/// past-deadline requests a second took an honest robot from 100 % to 77 % hits; a flood of 1,000
/// valid requests a second cost another robot 5.8 % of its frames, all refused as fair share).
/// So, on admission:</para>
/// <list type="bullet">
/// <item>a request whose deadline left less than one typical run when it arrived (or had passed)
/// is rejected at once (<see cref="RejectionReason.InfeasibleOnArrival"/>): no idle server could
/// have served it; nobody's miss, no overload, the robot not even counted as active;</item>
/// <item>a request over its robot's declared frame rate (<see cref="FrameRateLimiter"/>), or whose
/// deadline leaves less than the server promises — one typical run of whatever is already on the
/// executor (runs are not pre-empted) plus its own predicted p99 — is admitted as best effort
/// (<see cref="InferenceItem.BestEffort"/>): it waits behind every promised request and runs when
/// it still fits, is shed before any other request, is never counted as a miss, never marks an
/// overload and never asks for fair sharing. A flood thus uses only capacity no one else wants,
/// and costs only the flooder.</item>
/// </list>
/// <para>Allocation-free in steady state: the queue is a fixed array of <see cref="SchedulerOptions.QueueCap"/>+1 slots.</para>
/// </remarks>
public sealed class DeadlineScheduler : IInferenceScheduler
{
    private readonly SchedulerOptions _options;

    /// <summary>Waiting requests: promised ones first, then best-effort ones, each sorted by deadline (then arrival); index 0 runs next.</summary>
    private readonly InferenceItem[] _queue;
    private int _count;

    /// <summary>Misses the server caused per robot since it started: admitted, not best-effort requests shed for their deadline or the queue cap, and fair-share refusals.</summary>
    private readonly long[] _misses;

    /// <summary>When each robot last submitted a request within its rate and budget, ns (long.MinValue: never).</summary>
    private readonly long[] _lastSeenNs;

    /// <summary>When a request that counted as a miss was last shed for its deadline or the queue cap, ns.</summary>
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
        FrameRates = new FrameRateLimiter(options.RobotCapacity, options.DefaultFrameRateHz, options.FrameRateSlack, options.FrameRateBurst);
    }

    /// <inheritdoc />
    public string Name => "deadline";

    /// <inheritdoc />
    public int QueueLength => _count;

    /// <inheritdoc />
    public ExecutionProfile Profile { get; }

    /// <summary>Each robot's declared frame rate, and whether its requests keep to it.</summary>
    public FrameRateLimiter FrameRates { get; }

    /// <summary>Requests admitted as best effort because they were over their robot's frame rate. Scheduler thread; a racy read elsewhere.</summary>
    public long OverRate { get; private set; }

    /// <summary>Misses charged to <paramref name="robot"/> so far (what fairness balances).</summary>
    public long Misses(int robot) => _misses[robot];

    /// <summary>
    /// The least time between arrival and deadline for which the server promises service, ns: one
    /// typical run of whatever the executor is busy with (runs are not pre-empted), then the
    /// request's own predicted (p99) run. A request with less is best effort.
    /// </summary>
    public long PromisedBudgetNs => Profile.TypicalNs(1) + Profile.PredictNs(1);

    /// <inheritdoc />
    public void DeclareFrameRate(int robot, double frameRateHz) => FrameRates.Declare(robot, frameRateHz);

    /// <inheritdoc />
    public void Submit(in InferenceItem item, long nowNs, List<Rejection> rejected)
    {
        Profile.Expire(nowNs);
        // Sums, not differences: a robot's deadline may be any int64 (long.MinValue − arrival would wrap).
        if (item.DeadlineNs < item.ArrivalNs + Profile.TypicalNs(1))
        {
            // The robot's own doing: touches no share, no overload flag, not even its queued frame.
            rejected.Add(new Rejection(item, RejectionReason.InfeasibleOnArrival));
            return;
        }

        bool overRate = !FrameRates.Conforms(item.Robot, item.ArrivalNs);
        if (overRate)
        {
            OverRate++;
        }

        InferenceItem admitted = item with { BestEffort = overRate || item.DeadlineNs < item.ArrivalNs + PromisedBudgetNs };
        if (!admitted.BestEffort)
        {
            _lastSeenNs[item.Robot] = nowNs;
        }

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
        if (!admitted.BestEffort && (_count > 0 || _busyUntilNs > nowNs) && OwesFairShare(item.Robot, nowNs))
        {
            _misses[item.Robot]++;
            rejected.Add(new Rejection(admitted, RejectionReason.FairShare));
            return;
        }

        Insert(admitted);
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
        // A batch never mixes promised and best-effort requests: each part of the queue is in
        // deadline order, the whole is not, and a batch must end before every member's deadline.
        int classEnd = first + 1;
        while (classEnd < _count && _queue[classEnd].BestEffort == _queue[first].BestEffort)
        {
            classEnd++;
        }

        int limit = Math.Min(_options.MaxBatch, classEnd - first);
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
    /// Among requests 0..<paramref name="last"/>, the one to shed: a best-effort request if there is
    /// one, else the one whose robot has the fewest misses; ties go to the later deadline, then to
    /// the later arrival.
    /// </summary>
    private int FairestVictim(int last)
    {
        int victim = 0;
        for (int i = 1; i <= last; i++)
        {
            InferenceItem candidate = _queue[i], current = _queue[victim];
            if (candidate.BestEffort != current.BestEffort)
            {
                if (candidate.BestEffort)
                {
                    victim = i;
                }

                continue;
            }

            long m = _misses[candidate.Robot], best = _misses[current.Robot];
            if (m < best || (m == best && !Precedes(candidate, current)))
            {
                victim = i;
            }
        }

        return victim;
    }

    /// <summary>Sheds request <paramref name="index"/>; unless it was best effort, it is its robot's miss and marks an overload.</summary>
    private void Reject(int index, RejectionReason reason, long nowNs, List<Rejection> rejected)
    {
        InferenceItem item = _queue[index];
        if (!item.BestEffort)
        {
            _misses[item.Robot]++;
            _lastShedNs = Math.Max(_lastShedNs, nowNs);
        }

        rejected.Add(new Rejection(item, reason));
        RemoveAt(index);
    }

    /// <summary>
    /// Promised requests before best-effort ones (which run only on capacity no promised request
    /// needs: in deadline order among all, a flood's requests, due sooner, ran first and left the
    /// promised ones no slack); within each, deadline order, then arrival, then robot index: a total
    /// order, so runs are deterministic.
    /// </summary>
    private static bool Precedes(in InferenceItem a, in InferenceItem b) =>
        a.BestEffort != b.BestEffort ? !a.BestEffort
        : a.DeadlineNs != b.DeadlineNs ? a.DeadlineNs < b.DeadlineNs
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
