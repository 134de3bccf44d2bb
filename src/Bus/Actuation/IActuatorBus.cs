using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Bus.Actuation;

/// <summary>
/// The control loop's view of a robot's actuators (simulated devices, serial servos, CAN motors), in
/// the read / write shape of ros2_control hardware components. Joint order is the robot's.
/// Both methods are called only from the control thread, once per tick, and are real-time safe:
/// they never allocate and never block on I/O (implementations talking to hardware exchange data
/// with their own I/O thread).
/// </summary>
public interface IActuatorBus : IDisposable
{
    /// <summary>Number of joints this bus drives.</summary>
    int JointCount { get; }

    /// <summary>Copies the newest measured joint state into <paramref name="state"/>.</summary>
    /// <returns>false when no fresh feedback is available (the state is then left unchanged).</returns>
    bool TryRead(ref JointState state);

    /// <summary>
    /// Joints in fault, bit i for joint i: the device stopped answering or reports a hardware error.
    /// Any thread; a volatile read, real-time safe. The safety layer stops the robot while it is non-zero.
    /// </summary>
    int FaultedJointMask { get; }

    /// <summary>Hands one command to the actuators. Real-time safe.</summary>
    void Write(in JointCommand command);

    /// <summary>
    /// Turns the actuators on (torque enable, motor mode). Until this is called a bus may open its
    /// ports and read feedback but energises nothing: the robot is energised only after every preflight
    /// check has passed (<c>RobotRig.Start</c> calls it). Idempotent; not real-time (called once, before the loop).
    /// </summary>
    void Energize()
    {
    }

    /// <summary>
    /// The device's own words for joint <paramref name="joint"/>'s fault (decoded hardware error bits,
    /// "not answering"), or null when it reports none. Any thread; for the console and logs, not the loop.
    /// </summary>
    string? JointFaultText(int joint) => null;

    /// <summary>
    /// The unexpected exception that ended the bus's I/O thread, or null while it runs (expected I/O
    /// errors — an unplugged adapter — are retried, not reported here). A volatile read; the control
    /// thread polls it every tick and fails the run with it.
    /// </summary>
    Exception? IoFailure => null;

    // ---- Wire timing (honest latency): members with default implementations. ----

    /// <summary>
    /// Where this bus records when its goal writes complete on the transport: one
    /// <see cref="WireTimeline"/> per bus (a composite lists its members'), each drained by one
    /// telemetry thread for capture → wire latency and the interval between goal writes. Empty when
    /// the bus records none. Not real-time (may allocate the list); read once, before the run.
    /// </summary>
    IReadOnlyList<WireTimeline> WireTimelines => [];
}
