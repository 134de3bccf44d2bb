namespace RobotEdge.Host.Commands;

/// <summary>
/// The <c>robotedge</c> CLI's exit codes, one per class of failure, so that a service manager or a
/// script can tell "fix the arguments" from "free the port" from "the robot failed". Documented in
/// README.md (CLI) and in <c>robotedge --help</c> (<see cref="HelpText"/>).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked, or was stopped on request (SIGINT, SIGTERM) and the joints were held.</summary>
    public const int Ok = 0;

    /// <summary>
    /// A failure during the run: a robot thread failed (camera, compute, control, bus, console, edge
    /// client) and the robot was brought to a controlled stop, a stop did not reach a hold, or an
    /// unexpected error ended the command.
    /// </summary>
    public const int RunFailed = 1;

    /// <summary>Bad arguments, configuration or input files: an option out of range; robot.json, a scenario, a URDF, a model card or its ONNX file refused.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// A preflight check of the machine failed before anything was energised: a port to bind is busy,
    /// a device (camera, serial port, CAN interface) is missing, busy or not permitted, the report path
    /// is a directory or not writable.
    /// </summary>
    public const int PreflightFailed = 3;

    /// <summary>A tool ran and found nothing: <c>bus scan</c> with no servo answering (power, wiring, baud rate, protocol).</summary>
    public const int NothingFound = 4;

    /// <summary>The exit codes as <c>--help</c> lists them.</summary>
    public const string HelpText =
        "Exit codes: 0 done (or stopped by Ctrl+C/SIGTERM with the joints held); " +
        "1 a robot thread failed during the run (controlled stop, joints held) or another error during the run; " +
        "2 bad arguments, configuration or input file (robot.json, scenario, URDF, model card or ONNX file); " +
        "3 preflight failed before anything was energised (port busy, device missing, busy or not permitted, report path a directory or not writable); " +
        "4 bus scan: no servo answered. " +
        "--verbose adds the stack trace to an error.";
}
