using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Frames;
using RobotEdge.Host.Telemetry;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Operation;
using RobotEdge.Teleop.Server;
using RobotEdge.Teleop.Telemetry;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Serves the operator console for a rig: watches the rig's frame tap, starts the console
/// server on the rig's control loop and safety layer, and feeds the console's latency charts from
/// the run's telemetry (<see cref="Observe"/>). The console's threads report an unexpected exception
/// to the rig's <see cref="RobotRig.Heartbeat"/> (the run's single fault path) unless the caller
/// named another reporter; its joint table shows the rig's actuators' fault text. Owns the server.
/// </summary>
public sealed class ConsoleAttachment : IAsyncDisposable
{
    private const double NsPerMs = 1e6;

    private readonly ConsoleTelemetry _telemetry;

    private ConsoleAttachment(ConsoleServer server, ConsoleTelemetry telemetry)
    {
        Server = server;
        _telemetry = telemetry;
    }

    /// <summary>The console server.</summary>
    public ConsoleServer Server { get; }

    /// <summary>Starts the console for <paramref name="rig"/>.</summary>
    public static async Task<ConsoleAttachment> StartAsync(RobotRig rig, OperatorDirectory operators, ConsoleOptions options, ILoggerFactory loggers)
    {
        FrameTap tap = rig.Tap;
        var telemetry = new ConsoleTelemetry(rig.Config.Deadline.EndToEndMs);
        var robot = new ConsoleRobot
        {
            Name = rig.Config.Name,
            Control = rig.Control,
            Actuators = rig.Actuators,
            SafetyLog = rig.SafetyLog,
            Tap = tap,
            Chain = rig.Chain,
            Limits = rig.Limits,
            Camera = rig.Camera,
            LookRangeM = rig.Config.Target.DefaultRangeM,
            Telemetry = telemetry,
        };
        ConsoleServer server = await ConsoleServer.StartAsync(robot, operators, options with { Faults = options.Faults ?? rig.Heartbeat }, loggers).ConfigureAwait(false);
        return new ConsoleAttachment(server, telemetry);
    }

    /// <summary>Feeds the console's charts from <paramref name="statistics"/> (on its draining thread).</summary>
    public void Observe(RunStatistics statistics)
    {
        statistics.FrameObserved = f => _telemetry.AddFrame(new ConsoleTelemetry.FrameSample(
            f.Stamp.Sequence,
            (f.TakenRealNs - f.Stamp.ReadyRealNs) / NsPerMs,
            f.Perception.PreprocessNs / NsPerMs,
            f.Perception.InferenceNs / NsPerMs,
            f.Perception.DecodeNs / NsPerMs,
            f.Planned ? f.PlanNs / NsPerMs : double.NaN));
        statistics.CommandObserved = c => _telemetry.AddCommand(new ConsoleTelemetry.CommandSample(
            c.Stamp.Sequence,
            (c.CommandRealNs - c.GoalPlannedRealNs) / NsPerMs,
            (c.CommandRealNs - c.Stamp.ReadyRealNs) / NsPerMs));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
