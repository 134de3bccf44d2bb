using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Sim.Actuators;

/// <summary>
/// Simulated joint actuators behind the same interface as real ones. Each joint's velocity follows
/// the commanded velocity with first-order dynamics (time constant τ), limited to the joint's
/// velocity limit; its position integrates the velocity and stops hard at the position limits.
/// Dynamics advance lazily to the clock's time on every <see cref="TryRead"/> and <see cref="Write"/>,
/// in sub-steps of at most 0.5 ms, so the same code runs in lockstep and in real time.
/// Called from the control thread only; the true state is published for the camera's thread.
/// </summary>
public sealed partial class SimulatedActuatorBus : IActuatorBus
{
    private const long MaxStepNs = 500_000;

    private readonly IClock _clock;
    private readonly double[] _lowerRad;
    private readonly double[] _upperRad;
    private readonly double[] _maxVelocityRadPerS;
    private readonly double _timeConstantS;
    private JointState _state;
    private JointVector _commandedVelocity;
    private long _lastUpdateNs;
    private int _energized;

    /// <summary>Creates actuators for joints with the given limits, starting at rest at <paramref name="initialRad"/>.</summary>
    public SimulatedActuatorBus(IClock clock, ReadOnlySpan<double> lowerRad, ReadOnlySpan<double> upperRad,
        ReadOnlySpan<double> maxVelocityRadPerS, double timeConstantS, ReadOnlySpan<double> initialRad)
    {
        if (lowerRad.Length > JointVector.Capacity)
        {
            throw new ArgumentException($"at most {JointVector.Capacity} joints are supported");
        }

        _clock = clock;
        _lowerRad = lowerRad.ToArray();
        _upperRad = upperRad.ToArray();
        _maxVelocityRadPerS = maxVelocityRadPerS.ToArray();
        _timeConstantS = timeConstantS;
        _state.JointCount = lowerRad.Length;
        for (int i = 0; i < lowerRad.Length; i++)
        {
            _state.PositionsRad[i] = Math.Clamp(i < initialRad.Length ? initialRad[i] : 0, _lowerRad[i], _upperRad[i]);
        }

        _lastUpdateNs = clock.NowNs;
        _state.TimestampNs = _lastUpdateNs;
        TrueState.Publish(_state);
    }

    /// <inheritdoc />
    public int JointCount => _state.JointCount;

    /// <summary>Always 0: the in-memory joints never fault.</summary>
    public int FaultedJointMask => 0;

    /// <summary>
    /// Whether <see cref="Energize"/> was called. The in-memory joints follow commands either way (they
    /// have no power stage to switch); this records that the rig energised them, for tests that check
    /// the order of start-up. Any thread.
    /// </summary>
    public bool IsEnergized => Volatile.Read(ref _energized) != 0;

    /// <summary>Records the call (see <see cref="IsEnergized"/>). Idempotent; any thread.</summary>
    public void Energize() => Volatile.Write(ref _energized, 1);

    /// <summary>The joints' true state after every update, for the simulated camera and the reports.</summary>
    public LatestMailbox<JointState> TrueState { get; } = new();

    /// <inheritdoc />
    public bool TryRead(ref JointState state)
    {
        Advance(_clock.NowNs);
        state = _state;
        return true;
    }

    /// <inheritdoc />
    public void Write(in JointCommand command)
    {
        Advance(_clock.NowNs);
        for (int i = 0; i < _state.JointCount; i++)
        {
            double v = command.VelocitiesRadPerS[i];
            _commandedVelocity[i] = double.IsFinite(v) ? Math.Clamp(v, -_maxVelocityRadPerS[i], _maxVelocityRadPerS[i]) : 0;
        }

        RecordWrite(command);
    }

    private void Advance(long nowNs)
    {
        while (_lastUpdateNs < nowNs)
        {
            long stepNs = Math.Min(MaxStepNs, nowNs - _lastUpdateNs);
            double dt = stepNs * 1e-9;
            double blend = 1 - Math.Exp(-dt / _timeConstantS);
            for (int i = 0; i < _state.JointCount; i++)
            {
                double v = _state.VelocitiesRadPerS[i];
                v += (_commandedVelocity[i] - v) * blend;
                v = Math.Clamp(v, -_maxVelocityRadPerS[i], _maxVelocityRadPerS[i]);
                double q = _state.PositionsRad[i] + v * dt;
                if (q <= _lowerRad[i] || q >= _upperRad[i])
                {
                    q = Math.Clamp(q, _lowerRad[i], _upperRad[i]);
                    v = 0; // Hard stop.
                }

                _state.PositionsRad[i] = q;
                _state.VelocitiesRadPerS[i] = v;
            }

            _lastUpdateNs += stepNs;
        }

        _state.TimestampNs = _lastUpdateNs;
        TrueState.Publish(_state);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
