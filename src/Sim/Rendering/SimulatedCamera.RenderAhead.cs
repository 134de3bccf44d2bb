using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Sim.Rendering;

/// <summary>
/// Rendering ahead of the exposure (real time). A renderer thread below every robot thread (SCHED_FIFO
/// priority <see cref="RendererPriority"/> where permitted, else normal scheduling) renders frame k
/// into a ring of <see cref="SlotCount"/> slots,
/// starting one render lead before its exposure time t<sub>k</sub>: the scene (scripted, so exact) at
/// t<sub>k</sub>, seen from the joints predicted for t<sub>k</sub> (the latest true state carried forward
/// at its velocity). The lead follows the renderer's own cost (twice its recent peak plus a
/// millisecond, 2 ms to ¾ of a period), so that under load frames stay ready while the prediction
/// stays short: its error is about ½ · acceleration · lead², under 0.1 mrad for a 5 ms lead at
/// 10 rad/s², and each frame's truth records it (<see cref="FrameGroundTruth.RenderPredictionErrorRad"/>).
/// The camera thread calls <see cref="TryCapture"/> at t<sub>k</sub> (or later): it takes the latest
/// exposure at or before now that it has not delivered (a blocking read waits for the next exposure,
/// as a camera's does), waits for the renderer if that frame is not ready yet (counted in
/// <see cref="FramesRenderedLate"/>; the latency still runs from t<sub>k</sub>), copies it out, and
/// completes the truth with the true state at t<sub>k</sub>. Once started the renderer runs until the
/// camera is disposed. A renderer fault is rethrown by the next capture, on the camera thread. Both
/// threads read the true state, in turns (<see cref="TrueStateTurns"/>).
/// </summary>
public sealed partial class SimulatedCamera
{
    /// <summary>
    /// SCHED_FIFO priority of the renderer thread: the lowest there is, below the camera's (20), the
    /// compute thread's (30) and the control loop's (40), so the test rig never delays the robot; and
    /// above all normal-priority work, as a camera's hardware is: at normal priority, `sim --realtime`
    /// on this 2-core machine with a load average of 24 (six builds) had frames rendered up to 980 ms
    /// late and 35 deadline misses in 1,000 frames, none of them the robot's doing.
    /// </summary>
    public const int RendererPriority = 1;

    /// <summary>Frames in the render-ahead ring: one being delivered, one ready, one being rendered.</summary>
    private const int SlotCount = 3;

    /// <summary>Shortest render lead, ns.</summary>
    private const long MinLeadNs = 2_000_000;

    /// <summary>Added to twice the renderer's recent peak cost to make the lead, ns.</summary>
    private const long LeadMarginNs = 1_000_000;

    /// <summary>
    /// Oldest true state carried forward to an exposure time, ns; an older one (actuators not yet
    /// running) is taken as it is. The simulated buses publish every cycle (2 ms at 500 Hz).
    /// </summary>
    private const long MaxExtrapolationNs = 50_000_000;

    /// <summary>How long the camera thread sleeps waiting for the renderer before looking again, ms.</summary>
    private const int RenderWaitMs = 2;

    /// <summary>Signalled by the renderer after each frame (and on a fault).</summary>
    private readonly AutoResetEvent _frameRendered = new(false);

    /// <summary>The true state's mailbox, read in turns by the renderer and the camera thread while rendering ahead.</summary>
    private readonly TrueStateTurns _trueStateTurns;

    /// <summary>Joint positions predicted for the frame being rendered (renderer thread).</summary>
    private readonly double[] _renderedJoints;

    /// <summary>The ring; allocated on the first <see cref="StartRendering"/>, then reused.</summary>
    private RenderedFrame[] _slots = [];

    /// <summary>The renderer thread while rendering ahead; null otherwise (captures render on the calling thread).</summary>
    private Thread? _renderThread;

    private volatile bool _stopRendering;

    private bool _rendererRealtime;

    /// <summary>The exception that ended the renderer thread, or null; written once by it, read by the camera thread.</summary>
    private Exception? _renderFault;

    /// <summary>Lowest sequence the camera thread will still take; the renderer skips the frames below it (camera → renderer).</summary>
    private long _wantedSequence;

    /// <summary>Next sequence the camera thread may deliver (camera thread).</summary>
    private long _nextCaptureSequence;

    /// <summary>The renderer's current lead over the exposure, ns (written by the renderer).</summary>
    private long _leadNs;

    /// <summary>The renderer's recent peak cost per frame, ns, decaying by 1/32 per frame (renderer thread).</summary>
    private long _peakRenderNs;

    private long _framesRendered, _framesRenderedLate, _renderNsTotal;

    /// <summary>Frames rendered ahead so far (including ones no capture took).</summary>
    public long FramesRendered => Volatile.Read(ref _framesRendered);

    /// <summary>Frames the camera thread had to wait for: not rendered by their exposure time.</summary>
    public long FramesRenderedLate => Volatile.Read(ref _framesRenderedLate);

    /// <summary>Total time the renderer thread spent rendering, ns: the simulator's share of the machine.</summary>
    public long RenderNsTotal => Volatile.Read(ref _renderNsTotal);

    /// <summary>The renderer's current lead over the exposure time, ns (0 when not rendering ahead).</summary>
    public long RenderLeadNs => Volatile.Read(ref _leadNs);

    /// <summary>Captures that found the renderer reading the true state and used the one the picture was rendered from.</summary>
    public long TrueStateReadsMissed => _trueStateTurns.TurnsMissed;

    /// <summary>Whether the renderer thread runs under SCHED_FIFO (<see cref="RendererPriority"/>); false before it starts or where not permitted.</summary>
    public bool RendererRealtime => Volatile.Read(ref _rendererRealtime);

    /// <summary>Whether frames are rendered ahead on the renderer thread (real time, after <see cref="StartNow"/>).</summary>
    public bool RendersAhead => _renderThread is not null;

    private void StartRendering()
    {
        if (_slots.Length == 0)
        {
            _slots = new RenderedFrame[SlotCount];
            for (int i = 0; i < SlotCount; i++)
            {
                _slots[i] = new RenderedFrame(Width, Height);
            }
        }

        _stopRendering = false;
        _renderFault = null;
        _wantedSequence = 0;
        _nextCaptureSequence = 0;
        _peakRenderNs = 0;
        // Until the renderer has measured itself: the longest lead, so that frame 0 is ready in time.
        Volatile.Write(ref _leadNs, _periodNs * 3 / 4);
        StartNs = _clock.NowNs + _leadNs;
        _renderThread = new Thread(RenderLoop) { Name = "robotedge-sim-render", IsBackground = true };
        _renderThread.Start();
    }

    private void StopRendering()
    {
        if (_renderThread is null)
        {
            return;
        }

        _stopRendering = true;
        _renderThread.Join();
        _renderThread = null;
        foreach (RenderedFrame slot in _slots)
        {
            slot.BeginWrite();
        }
    }

    /// <summary>The renderer thread: frames in order, each from one lead before its exposure, skipping those the camera no longer wants.</summary>
    private void RenderLoop()
    {
        _rendererRealtime = RealtimeScheduling.TryElevateCurrentThread(RendererPriority);
        try
        {
            long sequence = 0;
            while (!_stopRendering)
            {
                sequence = Math.Max(sequence, Volatile.Read(ref _wantedSequence));
                long exposureNs = StartNs + sequence * _periodNs;
                PreciseWait.Until(exposureNs - Volatile.Read(ref _leadNs));
                if (_stopRendering)
                {
                    break;
                }

                long startedNs = MonotonicClock.GetTimestampNs();
                RenderedFrame slot = _slots[sequence % SlotCount];
                slot.BeginWrite();
                var truth = new FrameGroundTruth { Sequence = sequence };
                slot.HasRenderState = _trueStateTurns.ReadWaiting(out slot.RenderState);
                if (slot.HasRenderState)
                {
                    CarryForward(slot.RenderState, exposureNs, _renderedJoints);
                    _chain.ClampToLimits(_renderedJoints);
                }

                truth.RenderedJointsRad = JointVector.From(_renderedJoints);
                _renderer.Render(_chain.ComputeTipPose(_renderedJoints), _target, (exposureNs - StartNs) * 1e-9, slot.Pixels, ref truth, _people);
                long finishedNs = MonotonicClock.GetTimestampNs();
                slot.Truth = truth;
                slot.RenderedNs = finishedNs;
                slot.EndWrite(sequence);
                _frameRendered.Set();

                long costNs = finishedNs - startedNs;
                Interlocked.Add(ref _renderNsTotal, costNs);
                Interlocked.Increment(ref _framesRendered);
                _peakRenderNs = Math.Max(costNs, _peakRenderNs - _peakRenderNs / 32);
                Volatile.Write(ref _leadNs, Math.Clamp(2 * _peakRenderNs + LeadMarginNs, MinLeadNs, _periodNs * 3 / 4));
                sequence++;
            }
        }
        catch (Exception e)
        {
            // The camera thread's barrier reports it: the next capture rethrows it there.
            Volatile.Write(ref _renderFault, e);
            _frameRendered.Set();
        }
    }

    /// <summary>
    /// The camera thread's capture while rendering ahead: the latest exposure not yet delivered (waiting
    /// for it if it lies ahead), its picture once rendered, its truth completed with the true state at
    /// the exposure time. Real-time safe: no allocation, no lock; it blocks only as a camera read does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The renderer thread failed (the inner exception says why).</exception>
    private bool CaptureRenderedAhead(Frame frame)
    {
        if (_nextCaptureSequence == 0)
        {
            // A thread's first wait on a handle creates its wait state (an allocation): do it on the
            // first capture, so that a later wait for a late frame allocates nothing.
            _frameRendered.WaitOne(0);
        }

        long sequence = Math.Max(_nextCaptureSequence, Math.Max(0, (_clock.NowNs - StartNs) / _periodNs));
        FrameGroundTruth truth;
        JointState renderState;
        bool hasRenderState;
        while (true)
        {
            long exposureNs = StartNs + sequence * _periodNs;
            if (exposureNs > _clock.NowNs)
            {
                PreciseWait.Until(exposureNs);
            }

            Volatile.Write(ref _wantedSequence, sequence);
            RenderedFrame slot = _slots[sequence % SlotCount];
            if (slot.TryCopy(sequence, frame.Pixels, out truth, out long renderedNs, out renderState, out hasRenderState))
            {
                if (renderedNs > exposureNs)
                {
                    Interlocked.Increment(ref _framesRenderedLate);
                }

                break;
            }

            if (Volatile.Read(ref _renderFault) is { } fault)
            {
                throw new InvalidOperationException($"the simulated camera's renderer failed: {fault.Message}", fault);
            }

            if (slot.Version > sequence)
            {
                // The renderer lapped this frame while the camera thread was held up for a whole ring:
                // deliver the latest exposure instead.
                sequence = Math.Max(sequence + 1, (_clock.NowNs - StartNs) / _periodNs);
                continue;
            }

            _frameRendered.WaitOne(RenderWaitMs);
        }

        _nextCaptureSequence = sequence + 1;
        long captureNs = StartNs + sequence * _periodNs;
        CompleteTruth(captureNs, renderState, hasRenderState, ref truth);
        GroundTruth.Write(truth);
        // The latency clock starts at the exposure: the rendering before it was the test rig's.
        frame.Stamp = new FrameStamp(sequence, captureNs, captureNs);
        return true;
    }

    /// <summary>
    /// The world truths of a frame rendered ahead, from the true state at its capture time: the joints
    /// (carried forward to it), their velocities, the prediction's error and the pointing errors. In
    /// the rare capture that finds the renderer reading the true state (<see cref="TrueStateReadsMissed"/>),
    /// the state the picture was rendered from stands in and the prediction's error is unknown (NaN).
    /// </summary>
    private void CompleteTruth(long captureNs, in JointState renderState, bool hasRenderState, ref FrameGroundTruth truth)
    {
        bool read = _trueStateTurns.TryReadNow(out JointState joints, out bool turnTaken);
        if (!turnTaken && hasRenderState)
        {
            joints = renderState;
            read = true;
        }

        if (!read)
        {
            truth.JointsRad = truth.RenderedJointsRad;
            return;
        }

        CarryForward(joints, captureNs, _capturedJoints);
        _chain.ClampToLimits(_capturedJoints);
        truth.JointsRad = JointVector.From(_capturedJoints);
        truth.JointVelocitiesRadPerS = joints.VelocitiesRadPerS;
        double error = 0;
        for (int i = 0; i < _capturedJoints.Length; i++)
        {
            error = Math.Max(error, Math.Abs(_capturedJoints[i] - truth.RenderedJointsRad[i]));
        }

        truth.RenderPredictionErrorRad = turnTaken ? error : double.NaN;
        Transform3d truePose = _chain.ComputeTipPose(_capturedJoints);
        SceneRenderer.SetPointingErrors(truePose, _target is not null || truth.PersonCount > 0, ref truth);
    }

    /// <summary>
    /// The joint positions at <paramref name="timeNs"/> from a measured state: each position carried
    /// forward (or back) at its velocity over the time since the measurement, or as measured when the
    /// measurement is more than <see cref="MaxExtrapolationNs"/> away.
    /// </summary>
    /// <remarks>
    /// Callers clamp the result into the joints' limits: the simulated joints stop there, and a joint
    /// braking into its limit, carried forward at its last velocity, would otherwise be reported
    /// beyond it (seen: 9e-5 rad past a tilt limit, by a console jog test).
    /// </remarks>
    private static void CarryForward(in JointState state, long timeNs, double[] positions)
    {
        long dtNs = timeNs - state.TimestampNs;
        double dtS = Math.Abs(dtNs) <= MaxExtrapolationNs ? dtNs * 1e-9 : 0;
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] = state.PositionsRad[i] + state.VelocitiesRadPerS[i] * dtS;
        }
    }
}
