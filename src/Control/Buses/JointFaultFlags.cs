namespace RobotEdge.Control.Buses;

/// <summary>Health conditions of one joint on a servo bus; see the bus README for the state machine.</summary>
[Flags]
public enum JointFaultFlags
{
    /// <summary>The servo answered this cycle and reports no hardware error.</summary>
    None = 0,

    /// <summary>
    /// The joint's feedback is not from the latest cycle: its servo missed at least one reply (no
    /// answer, corrupted answer after the retry, or the port is disconnected). A warning, not a fault.
    /// </summary>
    StaleFeedback = 1,

    /// <summary>The servo missed <see cref="ServoBusConfig.MissedRepliesForFault"/> or more consecutive replies, or the port is disconnected. A fault.</summary>
    NoReply = 2,

    /// <summary>The servo reports hardware error bits (overload, overheating, voltage …). A fault; the text says which.</summary>
    HardwareError = 4,

    /// <summary>The conditions that put a joint in <see cref="SerialServoBus.FaultedJointMask"/>: the safety layer stops the robot on them.</summary>
    FaultMask = NoReply | HardwareError,
}
