namespace RobotEdge.Host.Telemetry;

/// <summary>
/// Where a run's statistics find each frame's ground truth: the simulator's log in
/// <c>robotedge sim</c>; a real robot has none (the statistics get null). Called on the telemetry
/// thread only; must not allocate.
/// </summary>
public interface IFrameTruth
{
    /// <summary>The truth of frame <paramref name="sequence"/>; false when it is no longer (or not yet) known.</summary>
    bool TryGet(long sequence, out FrameTruth truth);
}
