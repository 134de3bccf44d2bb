namespace RobotEdge.Control.Buses;

/// <summary>A snapshot of one joint's health on a servo bus, as returned by <see cref="SerialServoBus.TryGetFault"/>.</summary>
/// <param name="Flags">The conditions present.</param>
/// <param name="ConsecutiveMissedReplies">Cycles in a row without a valid reply from the joint's servo.</param>
/// <param name="HardwareErrorBits">The raw hardware error bits (Dynamixel Hardware Error Status, Feetech status error byte); 0 when none.</param>
/// <param name="HardwareErrorText">The decoded bits ("overload, overheating"); empty when none.</param>
public readonly record struct JointFault(
    JointFaultFlags Flags,
    int ConsecutiveMissedReplies,
    byte HardwareErrorBits,
    string HardwareErrorText)
{
    /// <summary>Whether the joint is in fault (no reply or hardware error), not just stale.</summary>
    public bool IsFault => (Flags & JointFaultFlags.FaultMask) != 0;
}
