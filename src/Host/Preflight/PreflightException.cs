namespace RobotEdge.Host.Preflight;

/// <summary>
/// A check made before anything is energised failed: a port to bind is busy, a device is missing or
/// not permitted, a file cannot be written, the model does not load. The message is the one line the
/// operator sees (it names the option or file and the reason); the command exits with
/// <see cref="Commands.ExitCodes.PreflightFailed"/>.
/// </summary>
public sealed class PreflightException(string message, Exception? inner = null) : Exception(message, inner);
