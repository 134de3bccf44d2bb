using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Edge.Serving;

/// <summary>What the executor needs of a queued request: the connection to answer on and the request itself.</summary>
internal sealed record PendingInference(RobotConnection Connection, InferRequest Request, long ReceivedNs);
