using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>
/// Everything the site edge server sends to one robot: one of these per WebSocket message, behind
/// the 8-byte header of <see cref="WireCodec"/>, encoded as the MessagePack array <c>[kind, body]</c>.
/// A connection only ever carries its own robot's data. Layouts: <c>src/Bus/Network/WIRE.md</c>.
/// </summary>
[Union(EdgeToRobotKind.Welcome, typeof(Welcome))]
[Union(EdgeToRobotKind.Result, typeof(InferResult))]
[Union(EdgeToRobotKind.Pong, typeof(ClockPong))]
[Union(EdgeToRobotKind.Task, typeof(TaskAssignment))]
[Union(EdgeToRobotKind.Refusal, typeof(Refusal))]
public abstract class EdgeToRobot
{
}
