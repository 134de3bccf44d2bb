namespace RobotEdge.Perception.Offload;

/// <summary>
/// Chooses a frame's route from measured times, so that the robot is never late:
/// <list type="bullet">
/// <item>edge unhealthy (not connected, not welcomed, clock offset not yet measured): on board;</item>
/// <item>edge p99 round trip + on-board p99 fits in the time left: edge — if the edge fails, there
/// is still time to run on board, so offloading costs the robot nothing;</item>
/// <item>otherwise: hedged — run on board at once as well, so a slow edge answer cannot make the
/// frame late. The edge still gets the request, so its round trip keeps being measured and the
/// robot returns to offloading as soon as the edge is fast again (an on-board-only route would
/// never learn that).</item>
/// </list>
/// Before any edge round trip is measured the edge is tried (the deadline-aware timeout still
/// leaves the on-board time). Pure; any thread.
/// </summary>
public static class RoutePlanner
{
    /// <summary>The route for a frame with <paramref name="timeLeftNs"/> until perception must be done.</summary>
    public static OffloadRoute Choose(bool edgeHealthy, bool edgeMeasured, long edgeP99Ns, long onBoardP99Ns, long timeLeftNs)
    {
        if (!edgeHealthy)
        {
            return OffloadRoute.OnBoard;
        }

        if (!edgeMeasured || edgeP99Ns + onBoardP99Ns <= timeLeftNs)
        {
            return OffloadRoute.Edge;
        }

        return OffloadRoute.Hedged;
    }
}
