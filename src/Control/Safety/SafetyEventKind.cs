namespace RobotEdge.Control.Safety;

/// <summary>What happened, in a <see cref="SafetyEvent"/>. Values are stable (they are the log event ids' offsets).</summary>
public enum SafetyEventKind
{
    /// <summary>An e-stop request was seen and latched; <see cref="SafetyEvent.Detail"/> is the request → first stop command latency, ns.</summary>
    EmergencyStopLatched = 1,

    /// <summary>The e-stop latch was reset by an explicit request.</summary>
    EmergencyStopReset = 2,

    /// <summary>A reset was requested while no e-stop was latched; nothing changed.</summary>
    ResetIgnored = 3,

    /// <summary>The watchdog expired; <see cref="SafetyEvent.Detail"/> is the ticks since the last fresh goal.</summary>
    WatchdogExpired = 4,

    /// <summary>A fresh goal arrived after the watchdog had expired.</summary>
    WatchdogCleared = 5,

    /// <summary>The bus reported faulted joints; <see cref="SafetyEvent.FaultMask"/> says which.</summary>
    ActuatorFault = 6,

    /// <summary>The fault mask returned to zero.</summary>
    ActuatorFaultCleared = 7,

    /// <summary>No fresh feedback for the configured number of ticks; <see cref="SafetyEvent.Detail"/> is that count.</summary>
    FeedbackLost = 8,

    /// <summary>Fresh feedback again.</summary>
    FeedbackRestored = 9,

    /// <summary>The controlling operator's heartbeats stopped; <see cref="SafetyEvent.Detail"/> is the ticks since the last one.</summary>
    OperatorLost = 10,

    /// <summary>An operator reset the latched lost-operator stop (<see cref="SafetySupervisor.ResetOperatorLoss"/>).</summary>
    OperatorRestored = 11,

    /// <summary>The mode changed; <see cref="SafetyEvent.Detail"/> is the previous mode.</summary>
    ModeChanged = 12,

    /// <summary>A controlled stop finished: every commanded velocity is zero and the joints are held.</summary>
    Holding = 13,

    /// <summary>Every stop cause cleared: the controller drives again (from the next fresh goal on).</summary>
    Resumed = 14,
}
