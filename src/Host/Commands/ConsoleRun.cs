using Microsoft.Extensions.Logging;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Server;

namespace RobotEdge.Host.Commands;

/// <summary><c>robotedge sim --console</c>: the simulated robot in real time with its operator console.</summary>
public static class ConsoleRun
{
    /// <summary>Runs until Ctrl+C (or <paramref name="frames"/> frames); returns the exit code.</summary>
    public static int Execute(string robotPath, int frames, string url, string? operatorsPath, string? reportPath, string? busOverride)
    {
        if (frames <= 0)
        {
            Console.Error.WriteLine("--frames must be positive");
            return 2;
        }

        OperatorDirectory operators = ConsoleOperators.Load(operatorsPath);
        using ILoggerFactory loggers = Logging.CreateFactory();
        RobotConfig config = RobotConfigLoader.Load(robotPath);
        if (busOverride is not null)
        {
            config.Bus = busOverride;
            config.Buses = [];
        }

        using SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime: true, loggers);
        ConsoleAttachment console = ConsoleAttachment.StartAsync(rig, operators, new ConsoleOptions { Url = url }, loggers).GetAwaiter().GetResult();
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            Console.WriteLine($"operator console: {console.Server.Address} (Ctrl+C stops the robot and the console)");
            RunReport report = SimCommand.Run(rig, frames, realTime: true, progress: null, observe: console.Observe, cancel: cancel.Token);
            SummaryPrinter.Print(report, Console.Out);
            if (reportPath is not null)
            {
                File.WriteAllText(reportPath, report.ToJson());
                Console.WriteLine($"report written to {reportPath}");
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            console.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return 0;
    }
}
