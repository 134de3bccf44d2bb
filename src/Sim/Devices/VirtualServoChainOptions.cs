using RobotEdge.Control.Buses;

namespace RobotEdge.Sim.Devices;

/// <summary>Settings of a virtual servo chain; read once, at construction.</summary>
public sealed class VirtualServoChainOptions
{
    /// <summary>
    /// Seed of the fault-injection random source. Fixed by default so that a run with the same faults
    /// corrupts and drops the same bytes every time (given the same traffic), which keeps failures
    /// reproducible.
    /// </summary>
    public const int DefaultSeed = 20_261_121;

    /// <summary>Delay between the end of an instruction and the servo's answer, microseconds, ≥ 0. Default 0 (what LeRobot configures; the factory value is 500 µs).</summary>
    public int ReturnDelayUs { get; init; }

    /// <summary>Time constant of the first-order position servo, seconds, &gt; 0. Default 0.02 s.</summary>
    public double TimeConstantS { get; init; } = 0.02;

    /// <summary>Velocity limit of every servo, rad/s, &gt; 0. Default 5 rad/s (about the XM430-W350's no-load speed).</summary>
    public double MaxVelocityRadPerS { get; init; } = 5.0;

    /// <summary>Shaft angle of every servo at start, radians (absolute encoder angle). Default π (2,048 ticks, mid-range).</summary>
    public double InitialPositionRad { get; init; } = Math.PI;

    /// <summary>
    /// The joint ↔ servo mapping of every servo in chain order, exactly as the bus configuration states
    /// it (same ids, offsets, directions), or null. When set, the chain also publishes
    /// <see cref="VirtualServoChain.TrueJointState"/>: its true shaft angles mapped back to joint angles,
    /// which is what a simulated camera must render from, and servos start at
    /// <see cref="InitialJointsRad"/> instead of <see cref="InitialPositionRad"/>.
    /// </summary>
    public IReadOnlyList<ServoJoint>? Joints { get; init; }

    /// <summary>Joint angles at start in chain order, radians; used with <see cref="Joints"/>. Missing entries are 0.</summary>
    public IReadOnlyList<double>? InitialJointsRad { get; init; }

    /// <summary>Seed of the fault-injection random source; see <see cref="DefaultSeed"/>.</summary>
    public int Seed { get; init; } = DefaultSeed;
}
