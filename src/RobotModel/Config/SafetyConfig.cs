using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// The safety layer's settings, the <c>safety</c> section of <c>robot.json</c>. Every field has a
/// default, so the section may be left out.
/// </summary>
public sealed class SafetyConfig
{
    /// <summary>Mode at start: <c>auto</c> (perception drives), <c>manual</c> (an operator drives) or <c>stopped</c>.</summary>
    public string InitialMode { get; set; } = "auto";

    /// <summary>
    /// Longest time without a fresh goal from the active source before a controlled stop, ms. Goals
    /// come at the camera rate in auto mode and with every console heartbeat in manual mode, so this
    /// must exceed both periods with margin. Range (0, 60000].
    /// </summary>
    public double WatchdogTimeoutMs { get; set; } = 250;

    /// <summary>
    /// Consecutive control ticks without fresh feedback from the bus before a stop, 1 to 10000. Buses
    /// with their own I/O thread deliver feedback once per bus cycle, which may be slower than the
    /// loop: 25 ticks is 50 ms (the default deadline) at 500 Hz.
    /// </summary>
    public int FeedbackLossTicks { get; set; } = 25;

    /// <summary>Longest time without a heartbeat from the operator holding the console's control lease before a stop, ms. Range (0, 10000].</summary>
    public double OperatorTimeoutMs { get; set; } = 500;

    /// <summary>Deceleration of a controlled stop (watchdog, fault, lost feedback, lost operator, stop mode), rad/s², positive.</summary>
    public double StopDecelerationRadPerS2 { get; set; } = 60;

    /// <summary>Deceleration after an e-stop, rad/s², positive.</summary>
    public double EmergencyStopDecelerationRadPerS2 { get; set; } = 60;

    /// <summary>Fraction of the URDF effort limit a command may carry, (0, 1].</summary>
    public double EffortLimitScale { get; set; } = 1.0;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>safety</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.Require(InitialMode?.Trim().ToLowerInvariant() is "auto" or "manual" or "stopped", $"{path}.initialMode", $"'{InitialMode}' must be auto, manual or stopped");
        problems.Above(WatchdogTimeoutMs, 0, 60_000, $"{path}.watchdogTimeoutMs");
        problems.Within(FeedbackLossTicks, 1, 10_000, $"{path}.feedbackLossTicks");
        problems.Above(OperatorTimeoutMs, 0, 10_000, $"{path}.operatorTimeoutMs");
        problems.Positive(StopDecelerationRadPerS2, $"{path}.stopDecelerationRadPerS2");
        problems.Positive(EmergencyStopDecelerationRadPerS2, $"{path}.emergencyStopDecelerationRadPerS2");
        problems.Above(EffortLimitScale, 0, 1, $"{path}.effortLimitScale");
    }
}
