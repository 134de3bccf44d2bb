using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Runtime;
using RobotEdge.Sim.Rendering;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Drives a lockstep rig frame by frame in the order <see cref="LockstepRunner"/> does (capture,
/// perception + planning, then the control ticks up to the next frame, each followed by one bus
/// cycle), with a hook after every tick so that tests can inject faults at an exact cycle.
/// </summary>
internal sealed class LockstepDriver
{
    private readonly SimulatedRobotRig _rig;
    private readonly LockstepClock _clock;
    private long _frame;
    private long _nextTickNs;

    public LockstepDriver(SimulatedRobotRig rig)
    {
        _rig = rig;
        _clock = (LockstepClock)rig.Clock;
        rig.WarmUp();

        // As LockstepRunner does: energise once set up (the buses send no torque before this).
        rig.Start();
    }

    /// <summary>Control ticks run so far.</summary>
    public long Ticks { get; private set; }

    /// <summary>Simulator's pointing error of the newest frame, degrees.</summary>
    public double PointingErrorDeg { get; private set; } = double.NaN;

    /// <summary>Runs <paramref name="frames"/> frames; <paramref name="afterTick"/> gets the tick index after each tick and its bus cycle.</summary>
    public void RunFrames(int frames, Action<long>? afterTick = null)
    {
        long framePeriodNs = _rig.CameraSource.PeriodNs;
        for (int f = 0; f < frames; f++, _frame++)
        {
            long frameTimeNs = _frame * framePeriodNs;
            _clock.AdvanceTo(frameTimeNs);
            if (!_rig.Frames.TryRent(out Frame? frame))
            {
                throw new InvalidOperationException("frame pool exhausted");
            }

            _rig.Control.MeasuredState.TryPeekLatest(out JointState joints);
            frame.JointsAtCapture = joints;
            _rig.CameraSource.TryCapture(frame);
            if (_rig.CameraSource.GroundTruth.TryGet(frame.Stamp.Sequence, out FrameGroundTruth truth))
            {
                PointingErrorDeg = truth.PointingErrorRad * 180 / Math.PI;
            }

            _rig.Compute.Process(frame);
            _rig.Frames.Return(frame);

            for (long next = frameTimeNs + framePeriodNs; _nextTickNs < next; _nextTickNs += _rig.Control.PeriodNs)
            {
                _clock.AdvanceTo(Math.Max(_nextTickNs, frameTimeNs));
                _rig.Control.Tick(_clock.NowNs);
                _rig.Actuation.PumpLockstepCycle();
                afterTick?.Invoke(Ticks++);
            }

            // Nothing reads the telemetry here; keep the rings from filling.
            while (_rig.FrameTelemetry.TryRead(out _))
            {
            }

            while (_rig.CommandTelemetry.TryRead(out _))
            {
            }
        }
    }
}
