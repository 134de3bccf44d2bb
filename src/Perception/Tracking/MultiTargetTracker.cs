using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Decoding;

namespace RobotEdge.Perception.Tracking;

/// <summary>
/// Keeps the identity of several targets across frames. Each frame, every live track's keypoints
/// are predicted forward with the track's centroid velocity, and detections are matched greedily
/// by the mean distance between predicted and detected keypoints (cheapest pair first, pairs
/// farther than <c>gatePx</c> never match). Keypoint distance rather than box overlap keeps
/// identities when targets cross: their boxes overlap, their predicted keypoints do not.
/// Unmatched detections start tracks; a track unmatched for more than <c>maxMisses</c> frames ends.
/// Matched keypoints are smoothed per track with One-Euro filters. One thread (perception);
/// <see cref="Update"/> allocates nothing.
/// </summary>
public sealed class MultiTargetTracker
{
    private readonly TrackedTarget[] _slots;
    private readonly int _keypointCount;
    private readonly float _minConfidence;
    private readonly double _gatePx;
    private readonly int _maxMisses;

    /// <summary>Candidate pair costs (track slot × detection), sorted with <see cref="_pairIndex"/>.</summary>
    private readonly double[] _pairCost;

    /// <summary>Candidate pairs encoded as slot · <see cref="PoseDetectionList.MaxCapacity"/> + detection.</summary>
    private readonly int[] _pairIndex;

    private readonly bool[] _slotMatched;
    private readonly bool[] _detectionMatched = new bool[PoseDetectionList.MaxCapacity];
    private int _nextId = 1;

    /// <summary>Creates a tracker.</summary>
    /// <param name="maxTracks">Most targets tracked at once, 1..64.</param>
    /// <param name="keypointCount">Keypoints per target.</param>
    /// <param name="minConfidence">Keypoints below this are ignored for matching and smoothing.</param>
    /// <param name="gatePx">Largest mean keypoint distance of a match, pixels.</param>
    /// <param name="maxMisses">Frames a track survives without a detection.</param>
    /// <param name="minCutoffHz">One-Euro cutoff at rest, Hz.</param>
    /// <param name="beta">One-Euro speed coefficient, per (pixel/s).</param>
    public MultiTargetTracker(int maxTracks, int keypointCount, float minConfidence, double gatePx = 60, int maxMisses = 5,
        double minCutoffHz = 5, double beta = 0.3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTracks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTracks, PoseDetectionList.MaxCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(keypointCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keypointCount, KeypointSet.Capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gatePx);
        _slots = new TrackedTarget[maxTracks];
        for (int i = 0; i < maxTracks; i++)
        {
            _slots[i] = new TrackedTarget(minCutoffHz, beta, minConfidence);
        }

        _keypointCount = keypointCount;
        _minConfidence = minConfidence;
        _gatePx = gatePx;
        _maxMisses = maxMisses;
        _pairCost = new double[maxTracks * PoseDetectionList.MaxCapacity];
        _pairIndex = new int[maxTracks * PoseDetectionList.MaxCapacity];
        _slotMatched = new bool[maxTracks];
    }

    /// <summary>The track slots; only those with <see cref="TrackedTarget.Active"/> hold a target.</summary>
    public ReadOnlySpan<TrackedTarget> Slots => _slots;

    /// <summary>Number of live tracks.</summary>
    public int ActiveCount
    {
        get
        {
            int n = 0;
            foreach (TrackedTarget t in _slots)
            {
                n += t.Active ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>
    /// The live track seen in this frame with the most hits (the target followed longest), or null.
    /// </summary>
    public TrackedTarget? Primary
    {
        get
        {
            TrackedTarget? best = null;
            foreach (TrackedTarget t in _slots)
            {
                if (t.Active && t.Misses == 0 && (best is null || t.Hits > best.Hits))
                {
                    best = t;
                }
            }

            return best;
        }
    }

    /// <summary>Matches this frame's detections (captured at <paramref name="timeNs"/>) to the tracks. Real-time safe.</summary>
    public void Update(PoseDetectionList detections, long timeNs)
    {
        int detectionCount = detections.Count;
        int pairs = 0;
        for (int s = 0; s < _slots.Length; s++)
        {
            _slotMatched[s] = false;
            TrackedTarget track = _slots[s];
            if (!track.Active)
            {
                continue;
            }

            double dt = (timeNs - track.LastSeenNs) * 1e-9;
            double shiftX = track.VelocityXPxPerS * dt, shiftY = track.VelocityYPxPerS * dt;
            for (int d = 0; d < detectionCount; d++)
            {
                double cost = MeanDistance(track, shiftX, shiftY, detections[d]);
                if (cost <= _gatePx)
                {
                    _pairCost[pairs] = cost;
                    _pairIndex[pairs] = s * PoseDetectionList.MaxCapacity + d;
                    pairs++;
                }
            }
        }

        for (int d = 0; d < detectionCount; d++)
        {
            _detectionMatched[d] = false;
        }

        _pairCost.AsSpan(0, pairs).Sort(_pairIndex.AsSpan(0, pairs));
        for (int p = 0; p < pairs; p++)
        {
            int s = _pairIndex[p] / PoseDetectionList.MaxCapacity, d = _pairIndex[p] % PoseDetectionList.MaxCapacity;
            if (_slotMatched[s] || _detectionMatched[d])
            {
                continue;
            }

            _slotMatched[s] = true;
            _detectionMatched[d] = true;
            Continue(_slots[s], detections[d], timeNs);
        }

        for (int s = 0; s < _slots.Length; s++)
        {
            TrackedTarget track = _slots[s];
            if (track.Active && !_slotMatched[s] && ++track.Misses > _maxMisses)
            {
                track.Active = false;
            }
        }

        for (int d = 0; d < detectionCount; d++)
        {
            if (!_detectionMatched[d])
            {
                Start(detections[d], timeNs);
            }
        }
    }

    /// <summary>Ends every track; identities already given out are not reused.</summary>
    public void Clear()
    {
        foreach (TrackedTarget t in _slots)
        {
            t.Active = false;
        }
    }

    private void Continue(TrackedTarget track, in PoseDetection detection, long timeNs)
    {
        Centroid(detection, out double cx, out double cy);
        double dt = (timeNs - track.LastSeenNs) * 1e-9;
        if (dt > 0)
        {
            double vx = (cx - track.CentreXPx) / dt, vy = (cy - track.CentreYPx) / dt;
            // The first velocity is taken as measured; later ones are blended to ride out keypoint noise.
            bool first = track.Hits == 1;
            track.VelocityXPxPerS = first ? vx : 0.5 * (track.VelocityXPxPerS + vx);
            track.VelocityYPxPerS = first ? vy : 0.5 * (track.VelocityYPxPerS + vy);
        }

        track.CentreXPx = cx;
        track.CentreYPx = cy;
        track.LastSeenNs = timeNs;
        track.Misses = 0;
        track.Hits++;
        track.Detection = detection;
        track.Keypoints = detection.Keypoints;
        track.Smoother.Smooth(ref track.Keypoints, _keypointCount, timeNs);
    }

    private void Start(in PoseDetection detection, long timeNs)
    {
        foreach (TrackedTarget track in _slots)
        {
            if (track.Active)
            {
                continue;
            }

            Centroid(detection, out double cx, out double cy);
            track.Active = true;
            track.Id = _nextId++;
            track.CentreXPx = cx;
            track.CentreYPx = cy;
            track.VelocityXPxPerS = track.VelocityYPxPerS = 0;
            track.LastSeenNs = timeNs;
            track.Misses = 0;
            track.Hits = 1;
            track.Detection = detection;
            track.Keypoints = detection.Keypoints;
            track.Smoother.Reset();
            track.Smoother.Smooth(ref track.Keypoints, _keypointCount, timeNs);
            return;
        }
    }

    /// <summary>Mean distance between the track's keypoints shifted by its predicted motion and the detection's, over keypoints confident in both.</summary>
    private double MeanDistance(TrackedTarget track, double shiftX, double shiftY, in PoseDetection detection)
    {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < _keypointCount; k++)
        {
            Keypoint a = track.Detection.Keypoints[k], b = detection.Keypoints[k];
            if (a.Confidence < _minConfidence || b.Confidence < _minConfidence)
            {
                continue;
            }

            double dx = a.XPx + shiftX - b.XPx, dy = a.YPx + shiftY - b.YPx;
            sum += Math.Sqrt(dx * dx + dy * dy);
            n++;
        }

        if (n > 0)
        {
            return sum / n;
        }

        Centroid(detection, out double cx, out double cy);
        double ex = track.CentreXPx + shiftX - cx, ey = track.CentreYPx + shiftY - cy;
        return Math.Sqrt(ex * ex + ey * ey);
    }

    private void Centroid(in PoseDetection detection, out double x, out double y)
    {
        double sx = 0, sy = 0;
        int n = 0;
        for (int k = 0; k < _keypointCount; k++)
        {
            Keypoint p = detection.Keypoints[k];
            if (p.Confidence >= _minConfidence)
            {
                sx += p.XPx;
                sy += p.YPx;
                n++;
            }
        }

        if (n > 0)
        {
            x = sx / n;
            y = sy / n;
        }
        else
        {
            x = 0.5 * (detection.Left + detection.Right);
            y = 0.5 * (detection.Top + detection.Bottom);
        }
    }
}
