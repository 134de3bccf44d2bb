namespace RobotEdge.Host.Hosting;

/// <summary>A hosted service could not reach its running state; the message is the one line the operator sees.</summary>
public sealed class ServiceFailedException(string message, Exception? inner = null) : Exception(message, inner);
