using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Control.Buses;

/// <summary>
/// Configuration of one <see cref="SerialServoBus"/>: the port, the protocol, and which servo drives
/// which joint. Immutable once the bus is built; validated by <see cref="Validate"/>.
/// </summary>
public sealed class ServoBusConfig
{
    /// <summary>Serial device path, e.g. <c>/dev/ttyUSB0</c> (a pseudo-terminal path in tests).</summary>
    public required string PortPath { get; init; }

    /// <summary>
    /// Which transport opens <see cref="PortPath"/> (the bus URI's <c>?port=</c> option):
    /// <see cref="SerialPortKind.Default"/> picks termios on Linux and System.IO.Ports elsewhere.
    /// </summary>
    public SerialPortKind PortKind { get; init; }

    /// <summary>Protocol and control table of every servo on this bus.</summary>
    public required ServoProtocol Protocol { get; init; }

    /// <summary>Line rate, bits per second; must match the servos' Baud Rate register. Default 1,000,000.</summary>
    public int BaudRate { get; init; } = 1_000_000;

    /// <summary>Joints in the robot's order; index i of <see cref="JointCommand"/> drives <c>Joints[i]</c>. 1–8 joints, distinct ids.</summary>
    public required IReadOnlyList<ServoJoint> Joints { get; init; }

    /// <summary>
    /// Longest wait for the replies of one Sync Read, milliseconds, ≥ 1. A servo that has not answered
    /// by then has missed this cycle. Default 10 ms: a six-servo reply train at 1 Mbps takes about 1 ms
    /// plus the servos' return delays.
    /// </summary>
    public int CycleTimeoutMs { get; init; } = 10;

    /// <summary>Consecutive missed replies after which a joint is in <see cref="JointFaultFlags.NoReply"/>, ≥ 1. Default 3.</summary>
    public int MissedRepliesForFault { get; init; } = 3;

    /// <summary>Interval between attempts to reopen a port that failed (adapter unplugged), milliseconds, ≥ 1. Default 500.</summary>
    public int ReconnectIntervalMs { get; init; } = 500;

    /// <summary>
    /// Shortest time between the starts of two cycles on the I/O thread, microseconds, ≥ 0. 0 (default)
    /// runs cycles back to back, which gives the freshest feedback; the I/O thread then waits on the
    /// port, never spins.
    /// </summary>
    public int MinCyclePeriodUs { get; init; }

    /// <summary>
    /// How far ahead of the commanded one-tick position the goal is set along the commanded velocity,
    /// milliseconds, 0–200: <c>goal = position + velocity × lead</c>, clamped to the joint's limits. A
    /// servo in position mode moves at about (goal − present) / τ, its own time constant, so a lead of
    /// about τ makes it move at the velocity the controller asked for; without it, a goal one tick
    /// ahead moves it at a fraction of that. Default 0.
    /// </summary>
    public double PositionLeadMs { get; init; }

    /// <summary>Checks every range stated above.</summary>
    /// <exception cref="ArgumentException">A value is out of range or two joints share a servo id.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(PortPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaudRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CycleTimeoutMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MissedRepliesForFault, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectIntervalMs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MinCyclePeriodUs);
        if (!double.IsFinite(PositionLeadMs) || PositionLeadMs is < 0 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(PositionLeadMs), PositionLeadMs, "The position lead must be within 0–200 ms.");
        }

        if (Joints is null || Joints.Count == 0 || Joints.Count > JointVector.Capacity)
        {
            throw new ArgumentException($"A servo bus drives 1–{JointVector.Capacity} joints.", nameof(Joints));
        }

        byte maxId = Protocol == ServoProtocol.DynamixelX ? (byte)252 : (byte)253;
        for (int i = 0; i < Joints.Count; i++)
        {
            ServoJoint joint = Joints[i];
            if (joint.ServoId > maxId)
            {
                throw new ArgumentException($"Joint {i}: servo id {joint.ServoId} is above {maxId}.", nameof(Joints));
            }

            if (joint.Direction is not (1 or -1))
            {
                throw new ArgumentException($"Joint {i}: direction must be +1 or -1, not {joint.Direction}.", nameof(Joints));
            }

            if (!double.IsFinite(joint.OffsetRad))
            {
                throw new ArgumentException($"Joint {i}: the offset must be finite.", nameof(Joints));
            }

            if (double.IsNaN(joint.LowerRad) || double.IsNaN(joint.UpperRad) || joint.LowerRad >= joint.UpperRad)
            {
                throw new ArgumentException($"Joint {i}: lower limit {joint.LowerRad} must be below upper limit {joint.UpperRad}.", nameof(Joints));
            }

            for (int j = 0; j < i; j++)
            {
                if (Joints[j].ServoId == joint.ServoId)
                {
                    throw new ArgumentException($"Joints {j} and {i} share servo id {joint.ServoId}.", nameof(Joints));
                }
            }
        }
    }
}
