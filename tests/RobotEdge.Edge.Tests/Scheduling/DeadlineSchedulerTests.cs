using RobotEdge.Edge.Scheduling;

namespace RobotEdge.Edge.Tests.Scheduling;

public class DeadlineSchedulerTests
{
    private const long Ms = 1_000_000;

    private static DeadlineScheduler Create(int maxBatch, int queueCap, params long[] executionMsByBatch)
    {
        var scheduler = new DeadlineScheduler(new SchedulerOptions { MaxBatch = maxBatch, QueueCap = queueCap, RobotCapacity = 64 });
        for (int b = 1; b <= executionMsByBatch.Length; b++)
        {
            scheduler.Complete(b, executionMsByBatch[b - 1] * Ms, 0);
        }

        return scheduler;
    }

    [Fact]
    public void RunsWorkInLatestStartTimeOrder()
    {
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 2);
        var rejected = new List<Rejection>();
        // Arrival order 0, 1, 2, 3; deadlines make the latest start times 28, 8, 18, 38 ms.
        long[] deadlinesMs = [30, 10, 20, 40];
        for (int r = 0; r < 4; r++)
        {
            scheduler.Submit(new InferenceItem(r, 0, deadlinesMs[r] * Ms, r, null), r, rejected);
        }

        var order = new List<int>();
        var batch = new List<InferenceItem>();
        long now = 10;
        while (scheduler.QueueLength > 0)
        {
            batch.Clear();
            scheduler.TakeBatch(now, batch, rejected);
            order.AddRange(batch.Select(i => i.Robot));
            now += 2 * Ms;
        }

        Assert.Empty(rejected);
        Assert.Equal([1, 2, 0, 3], order);
    }

    [Fact]
    public void FormsTheLargestBatchThatMeetsEveryMembersDeadline()
    {
        // p99 execution: batch 1: 2 ms, 2: 3 ms, 3: 4 ms, 4: 8 ms.
        DeadlineScheduler scheduler = Create(maxBatch: 4, queueCap: 8, 2, 3, 4, 8);
        var rejected = new List<Rejection>();
        long[] deadlinesMs = [20, 5, 6, 20, 30];
        for (int r = 0; r < deadlinesMs.Length; r++)
        {
            scheduler.Submit(new InferenceItem(r, 0, deadlinesMs[r] * Ms, 0, null), 0, rejected);
        }

        var batch = new List<InferenceItem>();
        scheduler.TakeBatch(0, batch, rejected);

        // Batch of 4 would end at 8 ms, past the 5 ms deadline; batch of 3 ends at 4 ms and has the
        // best throughput of the feasible sizes (0.75 items/ms): the three most urgent (deadlines 5, 6, 20).
        Assert.Equal([1, 2, 0], batch.Select(i => i.Robot));
        Assert.Empty(rejected);

        batch.Clear();
        scheduler.TakeBatch(4 * Ms, batch, rejected);
        Assert.Equal([3, 4], batch.Select(i => i.Robot));
    }

    [Fact]
    public void DoesNotBatchWhereBatchingCostsMorePerItem()
    {
        // The build machine's CPU profile, rounded: one item 0.4 ms, two 1.1 ms, four 3.2 ms.
        var scheduler = new DeadlineScheduler(new SchedulerOptions { MaxBatch = 4, QueueCap = 8, RobotCapacity = 8 });
        scheduler.Complete(1, 400_000, 0);
        scheduler.Complete(2, 1_100_000, 0);
        scheduler.Complete(3, 2_000_000, 0);
        scheduler.Complete(4, 3_200_000, 0);
        var rejected = new List<Rejection>();
        for (int r = 0; r < 4; r++)
        {
            scheduler.Submit(new InferenceItem(r, 0, 30 * Ms, 0, null), 0, rejected);
        }

        var batch = new List<InferenceItem>();
        scheduler.TakeBatch(0, batch, rejected);
        Assert.Single(batch);
        Assert.Empty(rejected);
    }

    [Fact]
    public void RejectsAtOnceWhatCanNoLongerMakeItsDeadline()
    {
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 5);
        var rejected = new List<Rejection>();

        // Alone on an idle executor: 5 ms of work against 4 ms left. No server could have made it:
        // the robot's own doing, and not its miss.
        scheduler.Submit(new InferenceItem(0, 7, 4 * Ms, 0, null), 0, rejected);
        Assert.Equal([new Rejection(new InferenceItem(0, 7, 4 * Ms, 0, null), RejectionReason.InfeasibleOnArrival)], rejected);
        Assert.Equal(0, scheduler.QueueLength);
        Assert.Equal(0, scheduler.Misses(0));

        // The executor takes a 5 ms request at t = 0; a request due at 8 ms cannot start before 5 ms.
        rejected.Clear();
        var batch = new List<InferenceItem>();
        scheduler.Submit(new InferenceItem(1, 0, 20 * Ms, 0, null), 0, rejected);
        scheduler.TakeBatch(0, batch, rejected);
        scheduler.Submit(new InferenceItem(2, 0, 8 * Ms, Ms, null), Ms, rejected);
        Assert.Equal(RejectionReason.DeadlineUnreachable, Assert.Single(rejected).Reason);
        Assert.Equal(2, rejected[0].Item.Robot);

        // A request that fitted when it came is given back as soon as time says it no longer fits.
        rejected.Clear();
        scheduler.Submit(new InferenceItem(3, 0, 12 * Ms, Ms, null), Ms, rejected);
        Assert.Empty(rejected);
        batch.Clear();
        scheduler.TakeBatch(8 * Ms, batch, rejected);
        Assert.Empty(batch);
        Assert.Equal(3, Assert.Single(rejected).Item.Robot);
    }

    [Fact]
    public void NeverRunsWorkThatWillFinishLate()
    {
        // Random deadlines, phases and overload; the executor takes exactly the predicted time.
        var random = new Random(20261121); // Fixed seed: the same workload on every run.
        long[] execution = [3, 4, 5, 6, 8, 9, 10, 12];
        DeadlineScheduler scheduler = Create(maxBatch: 8, queueCap: 32, execution);
        var sim = new ScheduleSimulation(scheduler, size => execution[size - 1] * Ms, robots: 30);
        long[] phases = Enumerable.Range(0, 30).Select(_ => (long)random.Next(0, 33) * Ms).ToArray();

        sim.Run(periodNs: 33 * Ms, phasesNs: phases, relativeDeadlineNs: 12 * Ms, periods: 300);

        Assert.Equal(0, sim.LateCompletions);
        Assert.True(sim.Hits.Sum() > 0 && sim.Misses.Sum() > 0, "the workload must both serve and overload");
        Assert.Equal(300 * 30, sim.Hits.Sum() + sim.Misses.Sum());
        Assert.True((double)sim.BatchedItems / sim.Batches > 1.5, $"mean batch {(double)sim.BatchedItems / sim.Batches}");
    }

    [Fact]
    public void CapsTheQueue()
    {
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 4, 1);
        var rejected = new List<Rejection>();
        for (int r = 0; r < 6; r++)
        {
            scheduler.Submit(new InferenceItem(r, 0, (100 + r) * Ms, r, null), r, rejected);
        }

        Assert.Equal(4, scheduler.QueueLength);
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.Equal(RejectionReason.QueueFull, r.Reason));
        // With no misses yet anywhere, the requests with the latest deadlines are shed.
        Assert.Equal([4, 5], rejected.Select(r => r.Item.Robot).Order());
    }

    [Fact]
    public void ANewerFrameSupersedesTheQueuedOneOfTheSameRobot()
    {
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 4, 1);
        var rejected = new List<Rejection>();
        scheduler.Submit(new InferenceItem(3, 10, 50 * Ms, 0, null), 0, rejected);
        scheduler.Submit(new InferenceItem(3, 11, 83 * Ms, 33 * Ms, null), 33 * Ms, rejected);

        Rejection old = Assert.Single(rejected);
        Assert.Equal((3, 10L, RejectionReason.Superseded), (old.Item.Robot, old.Item.Sequence, old.Reason));
        Assert.Equal(0, scheduler.Misses(3));
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public void SpreadsMissesEvenlyUnderOverload()
    {
        // 4 robots at 30 Hz-like periods of 30 ms, evenly phased, 20 ms deadlines, 10 ms per request
        // and no batching: capacity is 3 requests per period, demand 4, so exactly one request per
        // period must miss. Plain earliest-deadline shedding charges every one of those misses to
        // robots 0 and 1 (they are the ones at risk each period: 59 and 60 misses, 0 for the others).
        // Fair sharing spreads them to within two, at a cost of 3 misses over the 120 minimum.
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 10);
        var sim = new ScheduleSimulation(scheduler, _ => 10 * Ms, robots: 4);

        sim.Run(periodNs: 30 * Ms, phasesNs: [0, 7 * Ms, 15 * Ms, 22 * Ms], relativeDeadlineNs: 20 * Ms, periods: 120);

        Assert.Equal(0, sim.LateCompletions);
        Assert.Equal([30, 31, 32, 30], sim.Misses);
        Assert.Equal([90, 89, 88, 90], sim.Hits);
    }

    [Fact]
    public void TheBaselineRunsLateWorkAndCollapsesUnderTheSameOverload()
    {
        var fcfs = new FcfsScheduler(new SchedulerOptions { MaxBatch = 1, QueueCap = 8 });
        var sim = new ScheduleSimulation(fcfs, _ => 10 * Ms, robots: 4);

        sim.Run(periodNs: 30 * Ms, phasesNs: [0, 7 * Ms, 15 * Ms, 22 * Ms], relativeDeadlineNs: 20 * Ms, periods: 120);

        Assert.True(sim.LateCompletions > 0);
        Assert.True(sim.Hits.Sum() < 90 * 4, $"baseline hits {sim.Hits.Sum()}");
    }

    [Fact]
    public void OneStalledRunDoesNotLockEveryoneOutForGood()
    {
        // Runs stall for 80 ms twice (the whole process was paused; one stall alone never sets the
        // prediction): with deadlines 30 ms away, every request that arrives while the executor is
        // busy is predicted to finish late and rejected, so nothing new runs and nothing is
        // measured. Past the profile's horizon the stalls no longer count and requests are queued again.
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 1);
        for (int i = 0; i < 20; i++)
        {
            scheduler.Complete(1, 1 * Ms, 0);
        }

        scheduler.Complete(1, 80 * Ms, 0);
        scheduler.Complete(1, 80 * Ms, 0);
        Assert.Equal(80 * Ms, scheduler.Profile.PredictNs(1));
        var rejected = new List<Rejection>();
        var batch = new List<InferenceItem>();
        scheduler.Submit(new InferenceItem(9, 1, 10_000 * Ms, 0, null), 0, rejected);
        scheduler.TakeBatch(0, batch, rejected); // the executor is busy from here on

        scheduler.Submit(new InferenceItem(0, 1, 530 * Ms, 500 * Ms, null), 500 * Ms, rejected);
        Assert.Equal(RejectionReason.DeadlineUnreachable, Assert.Single(rejected).Reason);

        rejected.Clear();
        long later = scheduler.Profile.HorizonNs + 1;
        scheduler.Submit(new InferenceItem(1, 2, later + 30 * Ms, later, null), later, rejected);
        Assert.Empty(rejected);
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public void AColdFirstRunAfterAnIdleSecondDoesNotLockTheNextFramesOut()
    {
        // The server's warm-up measured 1 ms runs at start-up; the first request, a second and a
        // half later, runs cold (100 ms, as measured on a fresh server: 45-190 ms). The frames after
        // it, 30 Hz with 30 ms left each, must be admitted, not rejected as unreachable for the
        // next second (30-50 frames were, when that one run was the only measurement in the horizon).
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 1);
        for (int i = 0; i < 17; i++)
        {
            scheduler.Complete(1, 1 * Ms, 0);
        }

        var rejected = new List<Rejection>();
        var batch = new List<InferenceItem>();
        long t = 1500 * Ms;
        scheduler.Submit(new InferenceItem(0, 0, t + 30 * Ms, t, null), t, rejected);
        scheduler.TakeBatch(t, batch, rejected);
        Assert.Single(batch);
        scheduler.Complete(1, 100 * Ms, t + 100 * Ms);

        for (int frame = 1; frame <= 30; frame++)
        {
            long arrival = t + 100 * Ms + frame * 33 * Ms;
            batch.Clear();
            scheduler.Submit(new InferenceItem(0, frame, arrival + 30 * Ms, arrival, null), arrival, rejected);
            scheduler.TakeBatch(arrival, batch, rejected);
            Assert.Single(batch);
            scheduler.Complete(1, 1 * Ms, arrival + 1 * Ms);
        }

        Assert.Empty(rejected);
        Assert.Equal(1 * Ms, scheduler.Profile.PredictNs(1));
    }

    [Fact]
    public void RequestsInfeasibleOnArrivalTouchNoShareAndNoOverload()
    {
        // Robots 0 and 1 send together every 30 ms, 20 ms deadlines, 5 ms runs: always contention,
        // never overload. Robot 2 sends 100 requests a second whose deadline has passed. Before, each
        // was robot 2's miss and an overload, and robots 0 and 1 were refused as "owing their share".
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 5);
        var arrivals = new List<InferenceItem>();
        for (int k = 0; k < 100; k++)
        {
            long t = k * 30 * Ms;
            arrivals.Add(new InferenceItem(0, k, t + 20 * Ms, t, null));
            arrivals.Add(new InferenceItem(1, k, t + 20 * Ms, t + 1, null));
        }

        for (long t = 0; t < 3000 * Ms; t += 10 * Ms)
        {
            arrivals.Add(new InferenceItem(2, t, t - 1 * Ms, t + 3, null));
        }

        var sim = new ScheduleSimulation(scheduler, _ => 5 * Ms, robots: 3);
        sim.Run(arrivals);

        Assert.Equal([100L, 100L, 0L], sim.Hits);
        Assert.Equal(300, sim.Rejections(2, RejectionReason.InfeasibleOnArrival));
        Assert.Equal((0, 0), (sim.Rejections(0, RejectionReason.FairShare), sim.Rejections(1, RejectionReason.FairShare)));
        Assert.Equal((0L, 0L, 0L), (scheduler.Misses(0), scheduler.Misses(1), scheduler.Misses(2)));
    }

    [Fact]
    public void AFloodIsServedOnlyOnCapacityNoOneElseNeeds()
    {
        // Robots 0 and 1 at 30 Hz together, 20 ms deadlines, 5 ms runs; robot 2 floods 1,000
        // valid requests a second (15 ms deadlines, within the server's promise). Its requests
        // beyond its rate are best effort: shed before anyone else's and never a miss, so the flood
        // never marks an overload and the honest robots are never refused to "share" misses the
        // flooder brought on itself. (In deadline order among all requests the flood, always due
        // sooner, ran first and left the honest robots no slack: 6-7 of their 100 frames were shed.)
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 5);
        var arrivals = new List<InferenceItem>();
        for (int k = 0; k < 100; k++)
        {
            long t = k * 30 * Ms;
            arrivals.Add(new InferenceItem(0, k, t + 20 * Ms, t, null));
            arrivals.Add(new InferenceItem(1, k, t + 20 * Ms, t + 1, null));
        }

        for (long t = 0; t < 3000 * Ms; t += 1 * Ms)
        {
            arrivals.Add(new InferenceItem(2, t, t + 15 * Ms, t + 2, null));
        }

        var sim = new ScheduleSimulation(scheduler, _ => 5 * Ms, robots: 3);
        sim.Run(arrivals);

        Assert.Equal([100L, 100L], sim.Hits[..2]);
        Assert.Equal((0, 0), (sim.Rejections(0, RejectionReason.FairShare), sim.Rejections(1, RejectionReason.FairShare)));
        Assert.Equal((0L, 0L, 0L), (scheduler.Misses(0), scheduler.Misses(1), scheduler.Misses(2)));
        Assert.Equal(0, sim.LateCompletions);
        // The flooder got the idle capacity: between the honest pairs the executor ran its work.
        Assert.True(sim.Hits[2] > 100, $"flooder served {sim.Hits[2]}");
        Assert.True(scheduler.OverRate > 2500, $"{scheduler.OverRate} requests over the flooder's rate");
    }

    [Fact]
    public void ARobotWithinItsDeclaredRateIsNotLimited()
    {
        // A 120 Hz robot declared as such keeps every request within its rate; undeclared, the
        // same requests are over the default 30 Hz beyond 36 a second (20 % slack) and a burst of 3:
        // 82 of the 120.
        DeadlineScheduler declared = Create(maxBatch: 1, queueCap: 8, 1);
        declared.DeclareFrameRate(0, 120);
        DeadlineScheduler undeclared = Create(maxBatch: 1, queueCap: 8, 1);
        var rejected = new List<Rejection>();
        var batch = new List<InferenceItem>();
        foreach (DeadlineScheduler scheduler in new[] { declared, undeclared })
        {
            for (int k = 0; k < 120; k++)
            {
                long t = k * 1_000_000_000L / 120;
                batch.Clear();
                scheduler.Submit(new InferenceItem(0, k, t + 20 * Ms, t, null), t, rejected);
                scheduler.TakeBatch(t, batch, rejected);
                scheduler.Complete(1, 1 * Ms, t + 1 * Ms);
            }
        }

        Assert.Empty(rejected);
        Assert.Equal(0, declared.OverRate);
        Assert.InRange(undeclared.OverRate, 81L, 87L);
    }

    [Fact]
    public void ALoneRequestOnAnIdleExecutorNeedsOnlyItsTypicalTime()
    {
        // Typical run 1 ms, p99 12 ms (stalls on a shared CPU); 10 ms left to the deadline.
        DeadlineScheduler scheduler = Create(maxBatch: 1, queueCap: 8, 1);
        scheduler.Complete(1, 12 * Ms, 0);
        scheduler.Complete(1, 12 * Ms, 0);
        scheduler.Complete(1, 1 * Ms, 0);
        scheduler.Complete(1, 1 * Ms, 0);
        scheduler.Complete(1, 1 * Ms, 0);
        Assert.Equal(12 * Ms, scheduler.Profile.PredictNs(1));
        Assert.Equal(1 * Ms, scheduler.Profile.TypicalNs(1));
        var rejected = new List<Rejection>();
        var batch = new List<InferenceItem>();

        // Alone on an idle executor: it costs no one anything, so it runs.
        scheduler.Submit(new InferenceItem(0, 1, 10 * Ms, 0, null), 0, rejected);
        Assert.Empty(rejected);
        scheduler.TakeBatch(0, batch, rejected);
        Assert.Equal(0, Assert.Single(batch).Robot);

        // The same request arriving while the executor is busy is held to the p99, and rejected.
        scheduler.Submit(new InferenceItem(1, 1, 10 * Ms, 0, null), 0, rejected);
        Assert.Equal((1, RejectionReason.DeadlineUnreachable), (Assert.Single(rejected).Item.Robot, rejected[0].Reason));
    }
}
