using RobotEdge.Bus.Messages;
using RobotEdge.Control.Safety;

namespace RobotEdge.Control.Loop;

/// <summary>What one control tick measured and commanded, published for observers (the console).</summary>
public struct ControlSnapshot
{
    /// <summary>Index of the tick.</summary>
    public long Tick;

    /// <summary>Measured joint state.</summary>
    public JointState State;

    /// <summary>The command written to the bus.</summary>
    public JointCommand Command;

    /// <summary>What the safety layer let the joints do.</summary>
    public MotionState Motion;

    /// <summary>The mode applied on the tick.</summary>
    public SafetyMode Mode;

    /// <summary>The stop causes holding after the tick.</summary>
    public StopCauses Causes;
}
