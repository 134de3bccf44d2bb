namespace RobotEdge.Control.Safety;

/// <summary>
/// Why the safety layer is stopping or holding the robot; several may hold at once. The robot moves
/// only while none holds.
/// </summary>
[Flags]
public enum StopCauses
{
    /// <summary>Nothing stops the robot.</summary>
    None = 0,

    /// <summary>An e-stop was requested; latched until an explicit reset.</summary>
    EmergencyStop = 1 << 0,

    /// <summary>The active goal source sent no fresh goal within the watchdog timeout; clears with the next fresh goal.</summary>
    Watchdog = 1 << 1,

    /// <summary><c>IActuatorBus.FaultedJointMask</c> is non-zero; clears when it returns to zero.</summary>
    ActuatorFault = 1 << 2,

    /// <summary>The bus gave no fresh feedback for the configured number of ticks; clears with fresh feedback.</summary>
    FeedbackLost = 1 << 3,

    /// <summary>The operator holding the console's control lease stopped sending heartbeats; latched until an operator resets it (<see cref="SafetySupervisor.ResetOperatorLoss"/>).</summary>
    OperatorLost = 1 << 4,

    /// <summary>The mode is <see cref="SafetyMode.Stopped"/>.</summary>
    ModeStopped = 1 << 5,
}
