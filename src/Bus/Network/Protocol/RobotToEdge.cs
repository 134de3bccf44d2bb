using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>
/// Everything a robot sends to the site edge server: one of these per WebSocket message, behind the
/// 8-byte header of <see cref="WireCodec"/>, encoded as the MessagePack array <c>[kind, body]</c>
/// (the union key below is the kind). Times named <c>*RobotNs</c> are on the robot's monotonic
/// clock, times named <c>*EdgeNs</c> on the server's; the robot converts with its round-trip offset
/// estimate. Layouts, limits and versioning rules: <c>src/Bus/Network/WIRE.md</c>.
/// </summary>
[Union(RobotToEdgeKind.Hello, typeof(Hello))]
[Union(RobotToEdgeKind.Infer, typeof(InferRequest))]
[Union(RobotToEdgeKind.Ping, typeof(ClockPing))]
[Union(RobotToEdgeKind.Status, typeof(RobotStatus))]
[Union(RobotToEdgeKind.Health, typeof(RobotHealth))]
public abstract class RobotToEdge
{
}
