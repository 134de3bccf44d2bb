using RobotEdge.Bus.Messages;

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
}
