using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Preflight;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Host.Hosting;

/// <summary>
/// <c>robotedge run</c> as a hosted service. <see cref="StartAsync"/> is the preflight and the
/// start: it opens the robot (camera, buses, model), starts the real-time run on its own telemetry
/// thread, and returns only once the loop is running (a command written to the bus and a frame
/// computed), so the host's "started" — systemd's <c>READY=1</c> — means the robot is live; a
/// preflight failure throws with one line. <see cref="StopAsync"/> (SIGTERM, Ctrl+C) makes the
/// controlled stop (joints decelerate and are held, torque on), then closes the buses. A run that
/// ends by itself (its frames, the end of a video, a robot thread's fault) stops the host; a fault
/// sets <see cref="ExitCode"/> to 1. Preflight comes first, before any device is opened: the report
/// path and the console's port are checked, then the camera, the buses and the model are opened
/// (a device that is missing, busy or not permitted is a <see cref="PreflightException"/>), the
/// console listens, and only then does the run energise the robot (<see cref="RobotRig.Start"/>).
/// </summary>
public sealed partial class RobotService : IHostedService, IDisposable
{
    /// <summary>How often the start waits re-check whether the loop runs, ms.</summary>
    private const int StartPollMs = 10;

    private readonly RobotRunOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;

    /// <summary>Ends the run with a controlled stop.</summary>
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Completed when the telemetry thread has finished the run (joints held or not, report printed).</summary>
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RealRobotRig? _rig;

    /// <summary>The rig's heartbeat (its one fault path and liveness counters), kept after the rig is disposed; null before it is built.</summary>
    private volatile LoopHeartbeat? _heartbeat;
    private ConsoleAttachment? _console;
    private PosixSignalRegistration? _interrupt;

    /// <summary>The thread that runs the robot and prints its summary; null until the start launches it.</summary>
    private Thread? _telemetry;

    /// <summary>Runs the robot <paramref name="options"/> names.</summary>
    public RobotService(RobotRunOptions options, ILoggerFactory loggers, IHostApplicationLifetime lifetime)
    {
        _options = options;
        _loggers = loggers;
        _lifetime = lifetime;
        _logger = loggers.CreateLogger("RobotEdge.Host.Run");
    }

    /// <summary>The process's exit code once the host has stopped (<see cref="ExitCodes"/>): 0, or 1 when a robot thread failed or the stop did not reach a hold.</summary>
    public int ExitCode { get; private set; }

    /// <summary>The robot's liveness counters and fault (its rig's <see cref="RobotRig.Heartbeat"/>), for the systemd watchdog; null until the rig is built.</summary>
    public LoopHeartbeat? Heartbeat => _heartbeat;

    /// <summary>Preflight and start; returns once the loop runs.</summary>
    /// <exception cref="ServiceFailedException">The run ended before the loop was running (a robot thread failed, the video was empty).</exception>
    /// <exception cref="OperationCanceledException">The host was stopped while starting; the robot was brought to a controlled stop first.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RobotConfig config = RobotConfigLoader.Load(_options.RobotPath);
        PreflightChecks.CheckReportPath(_options.ReportPath);
        if (_options.ConsoleUrl is not null)
        {
            PreflightChecks.CheckListenAddresses(_options.ConsoleUrl, "--console");
        }

        OperatorDirectory? operators = _options.ConsoleUrl is null ? null : ConsoleOperators.Load(_options.OperatorsPath);
        _rig = OpenRig(config);
        LoopHeartbeat heartbeat = _heartbeat = _rig.Heartbeat;
        try
        {
            Console.WriteLine($"robot {config.Name}: camera {_rig.RunSubject}; Ctrl+C stops the robot (controlled stop, joints held)");
            EdgeJoin.WaitAndSay(_rig);
            if (_options.ConsoleUrl is not null)
            {
                _console = ConsoleRun.StartConsole(_rig, operators!, _options.ConsoleUrl, _loggers);
                Console.WriteLine($"operator console: {_console.Server.Address}");
            }

            // The systemd lifetime stops the host on SIGTERM only; an operator's Ctrl+C must make the
            // same controlled stop instead of killing the process with the joints under command.
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                _lifetime.StopApplication();
            });
            _telemetry = new Thread(RunToEnd) { Name = "robotedge-telemetry", IsBackground = true };
            _telemetry.Start();
            while (!heartbeat.IsRunning)
            {
                if (_finished.Task.IsCompleted)
                {
                    throw new ServiceFailedException(heartbeat.Fault is { } fault
                        ? $"robot {config.Name} did not start: {fault}"
                        : $"robot {config.Name} did not start: its camera delivered no frame");
                }

                await Task.WhenAny(_finished.Task, Task.Delay(StartPollMs, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            LogRunning(_logger, config.Name, heartbeat.ControlTicks, heartbeat.FramesComputed);
        }
        catch
        {
            await StopRunAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens the camera, the buses and the model. A device that is missing, busy or not permitted is a
    /// preflight failure (one line, exit code 3); nothing is energised yet either way.
    /// </summary>
    private RealRobotRig OpenRig(RobotConfig config)
    {
        try
        {
            return RealRobotRig.Build(config, _loggers, _options.Edge);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpenCvException)
        {
            throw new PreflightException(CommandErrors.OneLine(e.Message), e);
        }
    }

    /// <summary>The controlled stop: the joints decelerate and are held, the threads end, the buses close.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopRunAsync(cancellationToken);

    private async Task StopRunAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        if (_rig is null)
        {
            return;
        }

        if (_telemetry is not null)
        {
            try
            {
                await _finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The threads may still drive the bus: leave the rig open; the process ends next.
                LogStopTimedOut(_logger);
                ExitCode = 1;
                return;
            }
        }

        if (_console is not null)
        {
            await _console.DisposeAsync().ConfigureAwait(false);
            _console = null;
        }

        _rig.Dispose();
        _rig = null;
    }

    /// <summary>The telemetry thread: runs the robot to its end, prints the summary and stops the host.</summary>
    private void RunToEnd()
    {
        RealRobotRig rig = _rig!;
        try
        {
            ProgressLine? progress = _options.Quiet || _options.Frames == int.MaxValue ? null : new ProgressLine(_options.Frames);
            RunReport report = RunCommand.Run(rig, _options.Frames, progress, _console is null ? null : _console.Observe, _stop.Token);
            ExitCode = RunConclusion.Conclude(rig, report, _options.ReportPath, _stop.IsCancellationRequested, Console.Out, Console.Error);
        }
        catch (Exception e)
        {
            // The telemetry thread's own barrier: the robot threads have their own (RealtimeRunner).
            ExitCode = ExitCodes.RunFailed;
            LogFault(_logger, $"the run failed ({e.GetType().Name}: {CommandErrors.OneLine(e.Message)})");
        }
        finally
        {
            _finished.TrySetResult();
            _lifetime.StopApplication();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _interrupt?.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "robot {Robot} running: control loop ticking ({Ticks} ticks), {Frames} frame(s) computed")]
    private static partial void LogRunning(ILogger logger, string robot, long ticks, long frames);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "{Fault}")]
    private static partial void LogFault(ILogger logger, string fault);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "the controlled stop did not finish within the host's shutdown timeout; exiting with the buses open")]
    private static partial void LogStopTimedOut(ILogger logger);
}
