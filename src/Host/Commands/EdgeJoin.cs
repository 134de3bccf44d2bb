using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Offload;

namespace RobotEdge.Host.Commands;

/// <summary>The <c>--edge URL --robot-token TOKEN</c> options of the robot commands.</summary>
public static class EdgeJoin
{
    /// <summary>How long a robot waits at start for its edge server before running on board.</summary>
    public static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(3);

    /// <summary>The client options, or null without <c>--edge</c>; a token is then required.</summary>
    public static EdgeClientOptions? Options(string? url, string? token)
    {
        if (url is null)
        {
            return token is null ? null : throw new ArgumentException("--robot-token needs --edge <url>");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("--edge needs this robot's --robot-token (printed by robotedge edge, or in its --robots file)");
        }

        return new EdgeClientOptions { Endpoint = EdgeClientOptions.EndpointFrom(url), Token = token };
    }

    /// <summary>Waits for the edge server and says whether the robot joined (it runs either way).</summary>
    public static void WaitAndSay(RobotRig rig)
    {
        if (rig.Offload is null)
        {
            return;
        }

        bool joined = rig.WaitForEdge(JoinWait);
        Console.WriteLine(joined
            ? $"joined edge server as {rig.Offload.Edge.RobotId}; perception offloaded, on-board fallback ready"
            : "edge server not reachable (or token refused): perception on board, still trying to join in the background");
    }

    /// <summary>Prints where each frame's pose came from.</summary>
    public static void PrintCounters(RobotRig rig, TextWriter o)
    {
        if (rig.Offload is not { } offload)
        {
            return;
        }

        OffloadCounters c = offload.Counters;
        o.WriteLine($"  edge offload      {c.EdgeServed} served by the edge, {c.HedgedEdgeWins}/{c.HedgedOnBoardWins} hedged (edge/on-board first), {c.OnBoard} on board, " +
                    $"fallbacks {c.Fallbacks} (rejected {c.FallbackRejected}, timeout {c.FallbackTimeout}, disconnected {c.FallbackDisconnected}); " +
                    $"edge round trip p90 {offload.EdgeRoundTripP90Ns / 1e6:F2} ms, connections {offload.Edge.Connections}");
    }
}
