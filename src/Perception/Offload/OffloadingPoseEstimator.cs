using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// Perception with the site edge server in the loop and the robot's own model as the fallback.
/// Per frame: preprocess once (the tensor both paths use), choose a route (<see cref="RoutePlanner"/>)
/// from the measured edge round trip and on-board time, then
/// <list type="bullet">
/// <item>edge: send, wait at most until the latest moment the on-board model can still finish
/// in time, and on rejection, timeout or disconnect run on board — same frame, same deadline;</item>
/// <item>hedged: send, run on board at once, take whichever valid answer was first;</item>
/// <item>on board: as without an edge server.</item>
/// </list>
/// All times are the real monotonic clock: the frame's <see cref="FrameStamp.ReadyRealNs"/> is
/// where its deadline counts from, in real-time and lockstep runs alike. Compute thread only.
/// Allocation-free per frame when the socket takes the send synchronously (see <see cref="EdgeClient"/>).
/// </summary>
public sealed class OffloadingPoseEstimator : IPoseInference, IDisposable
{
    private const double NsPerMs = 1e6;

    private readonly PoseEstimator _onBoard;
    private readonly EdgeClient _edge;
    private readonly OffloadBudget _budget;
    private readonly RecentPercentile _onBoardTimes = new();
    private EdgeAnswer _answer;

    /// <summary>
    /// Wraps <paramref name="onBoard"/> (not owned: its builder disposes it) with the edge client
    /// <paramref name="edge"/> (owned; its builder starts it: until then every frame goes on board).
    /// </summary>
    /// <param name="onBoard">The on-board estimator, also the fallback.</param>
    /// <param name="edge">The edge connection (owned).</param>
    /// <param name="budget">The frame's deadline and what must stay for planning and control.</param>
    /// <param name="counters">Where the per-route counts go (shared with a health report); null: a new set.</param>
    public OffloadingPoseEstimator(PoseEstimator onBoard, EdgeClient edge, OffloadBudget budget, OffloadCounters? counters = null)
    {
        _onBoard = onBoard;
        _edge = edge;
        _budget = budget;
        Counters = counters ?? new OffloadCounters();
    }

    /// <inheritdoc />
    public float MinConfidence => _onBoard.MinConfidence;

    /// <summary>The edge connection.</summary>
    public EdgeClient Edge => _edge;

    /// <summary>Per-route counts.</summary>
    public OffloadCounters Counters { get; }

    /// <summary>The route of the newest frame.</summary>
    public OffloadRoute LastRoute { get; private set; }

    /// <summary>Whether the newest frame's pose came from the edge server (false: the on-board model).</summary>
    public bool LastServedByEdge { get; private set; }

    /// <summary>Recent on-board perception p99 (inference + decode), ns; what the fallback must fit.</summary>
    public long OnBoardP99Ns => _onBoardTimes.Count > 0 ? _onBoardTimes.ValueNs : (long)(10 * NsPerMs);

    /// <summary>Recent edge round-trip p90 (send → answer), ns; 0 before the first answer.</summary>
    public long EdgeRoundTripP90Ns => _edge.RoundTrips.ValueNs;

    /// <summary>
    /// Before the loop starts: runs the on-board model <paramref name="iterations"/> times on
    /// <paramref name="frame"/> to measure it, and, when the edge is already joined, as many edge
    /// round trips (negative sequence numbers, which no camera frame has), so that the network path
    /// is compiled and measured before the first real frame depends on it.
    /// </summary>
    public void WarmUp(Frame frame, int iterations)
    {
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        for (int i = 0; i < iterations; i++)
        {
            _onBoard.Preprocess(frame, ref timings);
            RunOnBoard(frame.Stamp, ref estimate, ref timings);
        }

        for (int i = 0; i < 2 * iterations && _edge.IsHealthy; i++)
        {
            long sequence = -1 - i;
            long now = MonotonicClock.GetTimestampNs();
            long until = now + (long)(_budget.EndToEndMs * NsPerMs);
            if (Send(new FrameStamp(sequence, frame.Stamp.CaptureNs, now), until, now))
            {
                _edge.Wait(sequence, until, ref _answer);
            }

            if (i == iterations - 1)
            {
                // The first round trips compiled the path; only the later ones describe it. (The
                // receive thread is idle here: the last answer was awaited.)
                _edge.RoundTrips.Clear();
            }
        }
    }

    /// <inheritdoc />
    public void Estimate(Frame frame, ref PoseEstimate estimate, ref PerceptionTimings timings)
    {
        _onBoard.Preprocess(frame, ref timings);
        long now = MonotonicClock.GetTimestampNs();
        long perceptionDeadline = frame.Stamp.ReadyRealNs + (long)((_budget.EndToEndMs - _budget.AfterPerceptionMs) * NsPerMs);
        long onBoardReserve = (long)(OnBoardP99Ns * _budget.OnBoardSafetyFactor + _budget.MarginMs * NsPerMs);
        OffloadRoute route = RoutePlanner.Choose(_edge.IsHealthy, _edge.RoundTrips.Count > 0, _edge.RoundTrips.ValueNs, onBoardReserve, perceptionDeadline - now);
        LastRoute = route;
        LastServedByEdge = false;
        if (route == OffloadRoute.OnBoard)
        {
            Counters.OnBoard++;
            RunOnBoard(frame.Stamp, ref estimate, ref timings);
            return;
        }

        // The edge may take until the on-board model must start; hedged frames need no reserve.
        long edgeUntil = route == OffloadRoute.Edge ? perceptionDeadline - onBoardReserve : perceptionDeadline;
        long sent = MonotonicClock.GetTimestampNs();
        bool submitted = Send(frame.Stamp, edgeUntil, sent);
        if (route == OffloadRoute.Hedged)
        {
            RunOnBoard(frame.Stamp, ref estimate, ref timings);
            long onBoardDone = MonotonicClock.GetTimestampNs();
            if (submitted && _edge.TryTake(frame.Stamp.Sequence, ref _answer) && _answer.Status == EdgeAnswerStatus.Pose && _answer.ArrivedNs <= onBoardDone)
            {
                UseEdgeAnswer(frame.Stamp, ref estimate);
                Counters.HedgedEdgeWins++;
            }
            else
            {
                Counters.HedgedOnBoardWins++;
            }

            return;
        }

        long t0 = MonotonicClock.GetTimestampNs();
        EdgeAnswerStatus status = submitted ? _edge.Wait(frame.Stamp.Sequence, edgeUntil, ref _answer) : EdgeAnswerStatus.Disconnected;
        long t1 = MonotonicClock.GetTimestampNs();
        if (status == EdgeAnswerStatus.Pose)
        {
            UseEdgeAnswer(frame.Stamp, ref estimate);
            timings.InferenceNs = t1 - t0;
            timings.DecodeNs = 0;
            Counters.EdgeServed++;
            return;
        }

        switch (status)
        {
            case EdgeAnswerStatus.Rejected:
                Counters.FallbackRejected++;
                break;
            case EdgeAnswerStatus.Timeout:
                Counters.FallbackTimeout++;
                break;
            default:
                Counters.FallbackDisconnected++;
                break;
        }

        RunOnBoard(frame.Stamp, ref estimate, ref timings);
    }

    private bool Send(FrameStamp stamp, long edgeUntilRobotNs, long nowNs)
    {
        if (_edge.SendsPixelBytes)
        {
            _edge.Pixels.Encode(_onBoard.Model.InputTensor, _edge.TensorBytes);
        }
        else
        {
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(_onBoard.Model.InputTensor).CopyTo(_edge.TensorBytes);
        }

        // The result must leave the server half a round trip before the robot stops waiting.
        long deadlineEdge = _edge.Clock.ToEdgeNs(edgeUntilRobotNs - _edge.Clock.RoundTripNs / 2);
        return _edge.Submit(stamp.Sequence, stamp.CaptureNs, deadlineEdge, Math.Max(0, edgeUntilRobotNs - nowNs));
    }

    private void UseEdgeAnswer(FrameStamp stamp, ref PoseEstimate estimate)
    {
        estimate.Stamp = stamp;
        estimate.KeypointCount = _answer.KeypointCount;
        estimate.Keypoints = _answer.Keypoints;
        // The edge returns the best detection's keypoints; tracking identities and the 3D pose
        // are on-board concerns (the compute stage solves the pose from these keypoints if asked).
        estimate.TrackId = 0;
        estimate.Target.Valid = false;
        estimate.InferredRealNs = MonotonicClock.GetTimestampNs();
        LastServedByEdge = true;
    }

    private void RunOnBoard(FrameStamp stamp, ref PoseEstimate estimate, ref PerceptionTimings timings)
    {
        long t0 = MonotonicClock.GetTimestampNs();
        _onBoard.InferPreprocessed(stamp, ref estimate, ref timings);
        _onBoardTimes.Add(MonotonicClock.GetTimestampNs() - t0);
    }

    /// <summary>Disposes the edge client; the on-board estimator belongs to whoever built it.</summary>
    public void Dispose() => _edge.Dispose();
}
