using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Bus.Timing;
using RobotEdge.Edge.Inference;
using RobotEdge.Edge.Scheduling;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// The one thread that runs inference. Connections submit requests (any thread); whenever it is
/// free the executor asks the scheduler for the next batch, fills the batch's input slots from the
/// requests' tensors, runs the model once, feeds the measured time back into the scheduler's
/// profile, and answers each member on its own connection.
/// <para>Only this thread touches the scheduler. Connections hand their requests over through a
/// lock-free ring and wake the thread; it moves them into the scheduler before every decision, and
/// answers rejections itself. No lock: the executor runs at real-time priority, and a lock shared
/// with the connections' ordinary threads let a descheduled connection thread hold it up (measured:
/// requests waiting 50-90 ms for an executor that had nothing to run). Status readers see racy
/// snapshots of the scheduler's counters, which is all a status page needs.</para>
/// <para>Kept warm: idle for <see cref="KeepWarmAfterNs"/>, the thread runs the model once (a batch
/// size the scheduler can choose, in turn) and records the time, so that neither the model nor
/// the profile goes cold between robots. A request arriving meanwhile waits for at most that one
/// run, which the scheduler's promise already allows for (one run ahead of every request).</para>
/// </summary>
internal sealed partial class InferenceExecutor : IDisposable
{
    private readonly BatchedPoseModel _model;
    private readonly IInferenceScheduler _scheduler;
    private readonly PixelTensorCodec _pixels;
    private readonly EdgeStatistics _statistics;
    private readonly ILogger _logger;
    private readonly MpscRing<InferenceItem> _arrivals;
    private readonly AutoResetEvent _work = new(false);
    private readonly Thread _thread;
    private readonly List<InferenceItem> _batch = [];
    private readonly List<Rejection> _executorRejected = [];

    /// <summary>Farthest ahead of its arrival a request's deadline may lie, ns: beyond it the robot's clock offset is broken.</summary>
    public const long MaxDeadlineAheadNs = 10_000_000_000;

    /// <summary>Idle time after which the executor runs the model once to keep it (and the profile) warm, ns.</summary>
    public const long KeepWarmAfterNs = 200_000_000;

    /// <summary>One answer's keypoints as the wire carries them (x, y, confidence); executor thread only.</summary>
    private readonly float[] _keypointValues = new float[3 * KeypointSet.Capacity];

    /// <summary>A mid-grey request tensor (uint8 pixels) for warm-up runs.</summary>
    private readonly byte[] _warmInput;

    /// <summary>When the executor's last run (served or keep-warm) ended, ns; executor thread only.</summary>
    private long _lastRunEndNs;

    /// <summary>The batch size the next keep-warm run starts looking from; executor thread only.</summary>
    private int _nextKeepWarmSize = 1;
    private volatile bool _stop;

    public InferenceExecutor(BatchedPoseModel model, IInferenceScheduler scheduler, EdgeStatistics statistics, ILogger logger)
    {
        _model = model;
        _scheduler = scheduler;
        _statistics = statistics;
        _logger = logger;
        _pixels = new PixelTensorCodec(model.Card.Input);
        _warmInput = new byte[_pixels.TensorLength];
        Array.Fill(_warmInput, (byte)128);
        // Room for a burst of requests from every robot between two of the executor's looks.
        _arrivals = new MpscRing<InferenceItem>(1024);
        _thread = new Thread(Loop) { Name = "edge-inference", IsBackground = true, Priority = ThreadPriority.AboveNormal };
    }

    /// <summary>The scheduling policy's name.</summary>
    public string Policy => _scheduler.Name;

    /// <summary>The scheduler's execution-time profile; executor thread only, except racy reads for status and tests.</summary>
    public ExecutionProfile Profile => _scheduler.Profile;

    /// <summary>Requests waiting (handed over or in the scheduler's queue); a snapshot.</summary>
    public int QueueLength => _arrivals.Count + _scheduler.QueueLength;

    /// <summary>The profile's typical (median) service time per batch size 1..max, ms.</summary>
    public double[] TypicalMs()
    {
        var result = new double[_scheduler.Profile.MaxBatch];
        for (int b = 1; b <= result.Length; b++)
        {
            result[b - 1] = _scheduler.Profile.TypicalNs(b) / 1e6;
        }

        return result;
    }

    /// <summary>Predicted p99 execution time per batch size, ms (status endpoint).</summary>
    public double[] PredictedMs()
    {
        var result = new double[_scheduler.Profile.MaxBatch];
        for (int b = 1; b <= result.Length; b++)
        {
            result[b - 1] = _scheduler.Profile.PredictNs(b) / 1e6;
        }

        return result;
    }

    /// <summary>
    /// Runs every batch size <paramref name="runs"/> times on the idle model (inputs converted,
    /// outputs decoded and an answer encoded, as for real requests) and seeds the profile with the
    /// measured times, so the first robots are scheduled on measured times, not guesses. The
    /// slowest quarter of each size's runs is left out: those are the first runs (code being
    /// compiled, caches and pages touched for the first time), which no later request pays. Call
    /// before <see cref="Start"/>, before robots can connect.
    /// </summary>
    public void WarmUp(int runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var card = _model.Card;
        var decoder = new HeatmapDecoder(card.Output, _model.ItemOutputShape, new LetterboxGeometry(card.Input.Width, card.Input.Height, card.Input.Width, card.Input.Height));
        var wire = new WireBuffer();
        var keypoints = default(KeypointSet);
        var times = new long[runs];
        for (int b = 1; b <= _scheduler.Profile.MaxBatch; b++)
        {
            for (int i = 0; i < runs; i++)
            {
                long t0 = MonotonicClock.GetTimestampNs();
                for (int item = 0; item < b; item++)
                {
                    _pixels.Decode(_warmInput, _model.InputSlot(item));
                }

                _model.Run(b);
                for (int item = 0; item < b; item++)
                {
                    decoder.Decode(_model.OutputSlot(item), ref keypoints);
                    WireCodec.WriteInferResult(wire, i, _keypointValues.AsSpan(0, 3 * decoder.KeypointCount), RejectReason.Unspecified, null, (uint)b, 0, 0);
                }

                times[i] = MonotonicClock.GetTimestampNs() - t0;
            }

            Array.Sort(times);
            for (int i = 0; i < Math.Max(1, runs - runs / 4); i++)
            {
                _scheduler.Complete(b, times[i], MonotonicClock.GetTimestampNs());
            }
        }

        _lastRunEndNs = MonotonicClock.GetTimestampNs();
    }

    /// <summary>
    /// Records robot <paramref name="robot"/>'s declared frame rate, Hz (0: none declared), for its
    /// rate limit. Any thread (a connection, at the robot's hello); the rate must have passed
    /// <see cref="FrameRateLimiter.Check"/>.
    /// </summary>
    public void DeclareFrameRate(int robot, double frameRateHz) => _scheduler.DeclareFrameRate(robot, frameRateHz);

    /// <summary>Requests admitted as best effort for being over their robot's frame rate (a racy snapshot).</summary>
    public long OverRateRequests => (_scheduler as DeadlineScheduler)?.OverRate ?? 0;

    public void Start() => _thread.Start();

    /// <summary>
    /// Hands a validated request to the executor (any thread, never blocks); the scheduler sees it
    /// at the executor's next look, at once when the executor is idle. Refused as queue-full only
    /// when a thousand requests are already waiting to be looked at.
    /// </summary>
    public void Submit(PendingInference pending, int robotIndex)
    {
        Interlocked.Increment(ref _statistics._requests);
        if (pending.DeadlineEdgeNs > pending.ReceivedNs + MaxDeadlineAheadNs)
        {
            // Validated here, once, for every request: a deadline this far out is a broken clock
            // offset (or a robot parking work in the queue), not a frame anyone waits for.
            Interlocked.Increment(ref _statistics._rejectedInvalid);
            pending.Release();
            pending.Connection.SendResult(pending.Sequence, [], RejectReason.Malformed, DeadlineTooFarDetail, batchSize: 0, queuedNs: 0, executionNs: 0);
            return;
        }

        var item = new InferenceItem(robotIndex, pending.Sequence, pending.DeadlineEdgeNs, pending.ReceivedNs, pending);
        if (!_arrivals.TryWrite(item))
        {
            Interlocked.Increment(ref _statistics._rejectedQueueFull);
            Reject(item, RejectReason.QueueFull, "");
            return;
        }

        _work.Set();
    }

    private void Loop()
    {
        // The executor decides whether robots get their answers in time: it asks for SCHED_FIFO like
        // the robots' own loop threads (granted to root or with CAP_SYS_NICE; ignored otherwise).
        RealtimeScheduling.TryElevateCurrentThread(25);
        while (!_stop)
        {
            _batch.Clear();
            _executorRejected.Clear();
            long now = MonotonicClock.GetTimestampNs();
            while (_arrivals.TryRead(out InferenceItem arrived))
            {
                _scheduler.Submit(arrived, now, _executorRejected);
            }

            _scheduler.TakeBatch(now, _batch, _executorRejected);
            Answer(_executorRejected);
            if (_batch.Count == 0)
            {
                if (now - _lastRunEndNs >= KeepWarmAfterNs)
                {
                    KeepWarm();
                }
                else
                {
                    _work.WaitOne(20);
                }

                continue;
            }

            try
            {
                RunBatch(now);
            }
            catch (Exception e)
            {
                // A failed run answers its members as rejected and the server carries on.
                LogRunFailed(_logger, _batch.Count, e.Message);
                foreach (InferenceItem item in _batch)
                {
                    Reject(item, RejectReason.Unspecified, "inference failed");
                }
            }
        }
    }

    private void RunBatch(long takenNs)
    {
        int size = _batch.Count;
        for (int i = 0; i < size; i++)
        {
            var pending = (PendingInference)_batch[i].Payload!;
            Span<float> slot = _model.InputSlot(i);
            if (pending.Encoding == TensorEncoding.Uint8Pixel)
            {
                _pixels.Decode(pending.Tensor, slot);
            }
            else
            {
                MemoryMarshal.Cast<byte, float>(pending.Tensor).CopyTo(slot);
            }

            pending.Release(); // the tensor is in the model's input now
        }

        long t0 = MonotonicClock.GetTimestampNs();
        _model.Run(size);
        long t1 = MonotonicClock.GetTimestampNs();
        Interlocked.Increment(ref _statistics._batches);
        Interlocked.Add(ref _statistics._batchedItems, size);
        var keypoints = default(KeypointSet);
        for (int i = 0; i < size; i++)
        {
            InferenceItem item = _batch[i];
            var pending = (PendingInference)item.Payload!;
            var decoder = pending.Connection.Decoder!;
            decoder.Decode(_model.OutputSlot(i), ref keypoints);
            int values = 3 * decoder.KeypointCount;
            for (int k = 0; k < decoder.KeypointCount; k++)
            {
                _keypointValues[3 * k] = keypoints[k].XPx;
                _keypointValues[3 * k + 1] = keypoints[k].YPx;
                _keypointValues[3 * k + 2] = keypoints[k].Confidence;
            }

            long now = MonotonicClock.GetTimestampNs();
            if (now > item.DeadlineNs)
            {
                Interlocked.Increment(ref _statistics._lateCompletions);
            }

            Interlocked.Increment(ref _statistics._served);
            pending.Connection.SendResult(item.Sequence, _keypointValues.AsSpan(0, values), RejectReason.Unspecified, detail: null, (uint)size, takenNs - item.ArrivalNs, t1 - t0);
        }

        // The profile predicts the whole service time of a batch, which is what a deadline sees:
        // filling the inputs, the run, decoding and queueing the answers.
        long finished = MonotonicClock.GetTimestampNs();
        _scheduler.Complete(size, finished - takenNs, finished);
        _lastRunEndNs = finished;
    }

    /// <summary>
    /// One keep-warm run on the idle executor: the next batch size, in turn, that the scheduler can
    /// choose (one whose throughput is at least every smaller size's — on a CPU where batching does
    /// not pay, only 1), its time recorded like a served batch's.
    /// </summary>
    private void KeepWarm()
    {
        ExecutionProfile profile = _scheduler.Profile;
        int size = 1;
        for (int step = 0; step < profile.MaxBatch; step++)
        {
            int b = (_nextKeepWarmSize - 1 + step) % profile.MaxBatch + 1;
            if (Choosable(profile, b))
            {
                size = b;
                break;
            }
        }

        _nextKeepWarmSize = size % profile.MaxBatch + 1;
        long t0 = MonotonicClock.GetTimestampNs();
        for (int item = 0; item < size; item++)
        {
            _pixels.Decode(_warmInput, _model.InputSlot(item));
        }

        _model.Run(size);
        long finished = MonotonicClock.GetTimestampNs();
        _scheduler.Complete(size, finished - t0, finished);
        _lastRunEndNs = finished;
        Interlocked.Increment(ref _statistics._keepWarmRuns);
    }

    /// <summary>Whether batch size <paramref name="size"/>'s typical throughput is at least that of every smaller size (the only sizes the deadline scheduler picks).</summary>
    private static bool Choosable(ExecutionProfile profile, int size)
    {
        long typical = profile.TypicalNs(size);
        for (int k = 1; k < size; k++)
        {
            // size / typical ≥ k / typical(k), in integers.
            if ((long)size * profile.TypicalNs(k) < (long)k * typical)
            {
                return false;
            }
        }

        return true;
    }

    private void Answer(List<Rejection> rejected)
    {
        foreach (Rejection r in rejected)
        {
            switch (r.Reason)
            {
                case RejectionReason.DeadlineUnreachable:
                    Interlocked.Increment(ref _statistics._rejectedDeadline);
                    Reject(r.Item, RejectReason.DeadlineUnreachable, "");
                    break;
                case RejectionReason.QueueFull:
                    Interlocked.Increment(ref _statistics._rejectedQueueFull);
                    Reject(r.Item, RejectReason.QueueFull, "");
                    break;
                case RejectionReason.Superseded:
                    Interlocked.Increment(ref _statistics._rejectedSuperseded);
                    Reject(r.Item, RejectReason.Superseded, "");
                    break;
                case RejectionReason.InfeasibleOnArrival:
                    Interlocked.Increment(ref _statistics._rejectedInfeasible);
                    Reject(r.Item, RejectReason.DeadlineUnreachable, InfeasibleDetail);
                    break;
                default:
                    Interlocked.Increment(ref _statistics._rejectedFairShare);
                    Reject(r.Item, RejectReason.FairShare, "");
                    break;
            }
        }
    }

    /// <summary>The answer's detail for a request whose deadline no idle server could meet.</summary>
    private const string InfeasibleDetail = "the deadline left less than one typical run when the request arrived";

    /// <summary>The answer's detail for a deadline beyond <see cref="MaxDeadlineAheadNs"/>.</summary>
    private const string DeadlineTooFarDetail = "deadline more than 10 s ahead of the server's clock: check the robot's clock offset";

    private static void Reject(in InferenceItem item, RejectReason reason, string detail)
    {
        var pending = (PendingInference)item.Payload!;
        pending.Release();
        pending.Connection.SendResult(item.Sequence, [], reason, detail, batchSize: 0, queuedNs: 0, executionNs: 0);
    }

    public void Dispose()
    {
        _stop = true;
        _work.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _work.Dispose();
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Error, Message = "A batch of {Size} failed to run: {Reason}; its requests were rejected")]
    private static partial void LogRunFailed(ILogger logger, int size, string reason);
}
