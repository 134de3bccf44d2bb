using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Tracking;

/// <summary>
/// One-Euro filters on the x and y of each keypoint of one target. A keypoint below the confidence
/// threshold passes through unchanged and restarts its filters, so a keypoint that reappears
/// elsewhere is not dragged from where it was lost. One instance per tracked target, one thread,
/// allocation-free after construction.
/// </summary>
public sealed class KeypointSmoother
{
    private readonly OneEuroFilter[] _x;
    private readonly OneEuroFilter[] _y;
    private readonly float _minConfidence;

    /// <summary>Creates filters for up to <see cref="KeypointSet.Capacity"/> keypoints.</summary>
    /// <param name="minCutoffHz">One-Euro cutoff at rest, Hz.</param>
    /// <param name="beta">One-Euro speed coefficient, per (pixel/s).</param>
    /// <param name="minConfidence">Keypoints below this are not filtered (and restart their filters).</param>
    public KeypointSmoother(double minCutoffHz, double beta, float minConfidence)
    {
        _x = new OneEuroFilter[KeypointSet.Capacity];
        _y = new OneEuroFilter[KeypointSet.Capacity];
        for (int k = 0; k < KeypointSet.Capacity; k++)
        {
            _x[k] = new OneEuroFilter(minCutoffHz, beta);
            _y[k] = new OneEuroFilter(minCutoffHz, beta);
        }

        _minConfidence = minConfidence;
    }

    /// <summary>Filters the first <paramref name="count"/> keypoints in place, sampled at <paramref name="timeNs"/>. Real-time safe.</summary>
    public void Smooth(ref KeypointSet keypoints, int count, long timeNs)
    {
        for (int k = 0; k < count; k++)
        {
            Keypoint p = keypoints[k];
            if (p.Confidence < _minConfidence)
            {
                _x[k].Reset();
                _y[k].Reset();
                continue;
            }

            keypoints[k] = new Keypoint((float)_x[k].Filter(p.XPx, timeNs), (float)_y[k].Filter(p.YPx, timeNs), p.Confidence);
        }
    }

    /// <summary>Restarts every filter.</summary>
    public void Reset()
    {
        for (int k = 0; k < _x.Length; k++)
        {
            _x[k].Reset();
            _y[k].Reset();
        }
    }
}
