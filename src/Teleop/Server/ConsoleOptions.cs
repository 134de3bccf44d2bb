using RobotEdge.Bus.Faults;

namespace RobotEdge.Teleop.Server;

/// <summary>How the console is served. A record, so a composition root can fill in what the caller left out (<c>with</c>).</summary>
public sealed record ConsoleOptions
{
    /// <summary>The address Kestrel listens on; loopback by default. Port 0 picks a free port.</summary>
    public string Url { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Most video frames per second sent to a page (the browser may take fewer).</summary>
    public double MaxVideoFps { get; init; } = 15;

    /// <summary>JPEG quality, 1..100.</summary>
    public int JpegQuality { get; init; } = 75;

    /// <summary>State messages per second.</summary>
    public double StateRateHz { get; init; } = 10;

    /// <summary>How often the controlling page sends a heartbeat, ms.</summary>
    public int HeartbeatMs { get; init; } = 100;

    /// <summary>Heartbeats missing for this long free the control lease, ms.</summary>
    public double LeaseTimeoutMs { get; init; } = 1000;

    /// <summary>A connection that has not signed in within this time is closed, ms.</summary>
    public int SignInTimeoutMs { get; init; } = 10_000;

    /// <summary>
    /// Largest joint jog step accepted, rad; a larger one is refused (it is more likely a typing
    /// slip than an intent). Smaller steps are clamped into the joint limits.
    /// </summary>
    public double MaxJogStepRad { get; init; } = 0.5;

    /// <summary>Largest Cartesian jog step accepted, m.</summary>
    public double MaxCartesianStepM { get; init; } = 0.5;

    /// <summary>
    /// Jog speed as a fraction of each joint's velocity limit, (0, 1]: a jog moves the joint's set
    /// point toward its target at this speed, not in one step (see <c>ManualDriver</c>).
    /// </summary>
    public double JogSpeedFraction { get; init; } = 0.25;

    /// <summary>
    /// Where the console's own threads (video, state broadcast, connection handling) report an
    /// unexpected exception, which stops the robot; null: logged only (tests without a run).
    /// </summary>
    public IFaultReporter? Faults { get; init; }
}
