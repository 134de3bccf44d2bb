using Microsoft.Extensions.Logging;
using RobotEdge.Host.Preflight;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Server;

namespace RobotEdge.Host.Commands;

/// <summary><c>robotedge sim --console</c>: the simulated robot in real time with its operator console.</summary>
public static class ConsoleRun
{
    /// <summary>
    /// Runs until SIGINT/SIGTERM (or <paramref name="frames"/> frames), then prints the summary and
    /// writes the report; returns the exit code (<see cref="ExitCodes"/>). Preflight, before anything
    /// is energised: the report path and the console's port are checked before the rig is built, and
    /// the console is listening before the run starts the robot.
    /// </summary>
    public static int Execute(string robotPath, int frames, string url, string? operatorsPath, string? reportPath, string? busOverride)
    {
        if (frames <= 0)
        {
            throw new ArgumentException($"--frames must be positive (got {frames})");
        }

        PreflightChecks.CheckReportPath(reportPath);
        PreflightChecks.CheckListenAddresses(url, "--console");
        OperatorDirectory operators = ConsoleOperators.Load(operatorsPath);
        using var stop = new StopSignals(Console.Error);
        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        if (busOverride is not null)
        {
            config.Bus = busOverride;
            config.Buses = [];
        }

        using SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime: true, loggers);
        ConsoleAttachment console = StartConsole(rig, operators, url, loggers);
        try
        {
            Console.WriteLine($"operator console: {console.Server.Address} (Ctrl+C stops the robot and the console)");
            RunReport report = SimCommand.Run(rig, frames, realTime: true, progress: null, observe: console.Observe, cancel: stop.Token);
            return RunConclusion.Conclude(rig, report, reportPath, stop.Token.IsCancellationRequested, Console.Out, Console.Error);
        }
        finally
        {
            console.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Starts the operator console for <paramref name="rig"/> at <paramref name="url"/>, its threads
    /// reporting to the rig's one fault path; a port that cannot be bound is a preflight failure.
    /// </summary>
    /// <exception cref="PreflightException">The address cannot be bound (in use, not permitted).</exception>
    public static ConsoleAttachment StartConsole(RobotRig rig, OperatorDirectory operators, string url, ILoggerFactory loggers)
    {
        try
        {
            return ConsoleAttachment.StartAsync(rig, operators, new ConsoleOptions { Url = url, Faults = rig.Heartbeat }, loggers).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            // Kestrel's bind failure ("address already in use"), if the port was taken after the check.
            throw new PreflightException($"--console {url}: {CommandErrors.OneLine(e.Message)}", e);
        }
    }
}
