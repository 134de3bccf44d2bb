using RobotEdge.Control.Safety;
using RobotEdge.Host.Reporting;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Commands;

/// <summary>
/// The end of every robot run (<c>sim</c>, <c>sim --console</c>, <c>run</c>), however it ended — its
/// frames, the end of a video, SIGINT/SIGTERM, a robot thread's fault: the summary, how the robot was
/// left, the report file, the fault in one line, and the exit code. Called once, after the runner has
/// returned (the joints are held or the robot was never stopped); never on a robot thread.
/// </summary>
public static class RunConclusion
{
    /// <summary>
    /// Prints <paramref name="report"/>'s summary and how the run left the robot to <paramref name="output"/>,
    /// writes the report to <paramref name="reportPath"/> (null: none), and when a robot thread failed
    /// writes one line naming the thread, the cause and whether the joints are held to <paramref name="error"/>.
    /// </summary>
    /// <param name="rig">The rig that ran; its <see cref="RobotRig.Heartbeat"/> holds the run's fault, its safety layer the final motion.</param>
    /// <param name="report">The run's report.</param>
    /// <param name="reportPath">Where to write the report as JSON, or null (checked writable before the run).</param>
    /// <param name="stopRequested">Whether the run was asked to stop (a signal, a host stop): a controlled stop was due.</param>
    /// <param name="output">Summary lines.</param>
    /// <param name="error">The fault line.</param>
    /// <returns><see cref="ExitCodes.Ok"/>, or <see cref="ExitCodes.RunFailed"/> when a robot thread failed, a due stop did not reach a hold, or the report could not be written.</returns>
    public static int Conclude(RobotRig rig, RunReport report, string? reportPath, bool stopRequested, TextWriter output, TextWriter error)
    {
        RunFault? fault = rig.Heartbeat.Fault;
        bool stopDue = stopRequested || fault is not null || (rig.RealTime && rig.StopsBeforeRelease);
        // A bus whose I/O thread died carries no command: whatever the safety layer commanded, the
        // actuators keep the last one that reached them.
        bool busDown = rig.Actuators.IoFailure is not null;
        bool held = rig.Safety.Motion == MotionState.Holding && !busDown;
        SummaryPrinter.Print(report, output);
        if (stopDue)
        {
            output.WriteLine(held ? "  stopped           controlled stop, joints held" : $"  stopped           WARNING: {NotHeld(busDown)}");
        }

        EdgeJoin.PrintCounters(rig, output);
        int code = ExitCodes.Ok;
        if (reportPath is not null)
        {
            try
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(reportPath));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                File.WriteAllText(reportPath, report.ToJson());
                output.WriteLine($"report written to {reportPath}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Checked before the run; something changed since. The summary above is the run's record.
                error.WriteLine($"robotedge: the report could not be written to {reportPath} ({CommandErrors.OneLine(e.Message)})");
                code = ExitCodes.RunFailed;
            }
        }

        if (fault is not null)
        {
            error.WriteLine($"robotedge: {fault}; {(held ? "the robot was brought to a controlled stop and is held" : $"WARNING: {NotHeld(busDown)}")}");
            if (CommandErrors.Verbose)
            {
                error.WriteLine(fault.Exception.ToString());
            }

            return ExitCodes.RunFailed;
        }

        return stopDue && !held ? ExitCodes.RunFailed : code;
    }

    private static string NotHeld(bool busDown) => busDown
        ? "the bus is down, the stop could not be commanded: the actuators keep their last command"
        : "the joints did not reach a hold";
}
