namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>One malformed message to send.</summary>
/// <param name="Class">What is wrong with it.</param>
/// <param name="Bytes">The WebSocket message's payload.</param>
/// <param name="Text">Send as a text message (otherwise binary).</param>
/// <param name="ClosesConnection">The server is expected to close the connection after it (a refused hello).</param>
public readonly record struct FuzzMessage(FuzzClass Class, byte[] Bytes, bool Text = false, bool ClosesConnection = false);
