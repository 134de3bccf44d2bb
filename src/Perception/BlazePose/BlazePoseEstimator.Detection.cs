using RobotEdge.Bus.Frames;

namespace RobotEdge.Perception.BlazePose;

/// <summary>The detection step: find people in the whole frame and start following newcomers.</summary>
public sealed partial class BlazePoseEstimator
{
    /// <summary>This frame's detections (after NMS), in frame pixels, best first; valid until the next frame that runs the detector.</summary>
    public ReadOnlySpan<PersonDetection> LastDetections => _detections.AsSpan(0, _detectionCount);

    /// <summary>
    /// Runs the detector on the letterboxed frame (and its tiles, <see cref="DetectionTiling"/>),
    /// merges what all of them found by weighted NMS in frame pixels, and starts a track, in a free
    /// slot, for every detection whose region does not overlap a person already followed.
    /// Real-time safe once the tiles of this frame size exist (they are made on the first frame).
    /// </summary>
    private void Detect(Frame frame, ref StepClock clock)
    {
        if (_tiles.Length == 0 || _tilesWidth != frame.Width || _tilesHeight != frame.Height)
        {
            _tiles = DetectionTiling.Regions(frame.Width, frame.Height, _spec.DetectionTiles);
            (_tilesWidth, _tilesHeight) = (frame.Width, frame.Height);
        }

        int candidates = 0;
        for (int t = 0; t < _tiles.Length; t++)
        {
            PoseRegion tile = _tiles[t];
            _detectorSampler.Sample(frame.Pixels, frame.Width, frame.Height, frame.StrideBytes, tile, _detector.Input);
            clock.LapPreprocess();
            _detector.Run();
            clock.LapInference();
            int found = _detectionDecoder.Decode(_detector.Output(_boxesOutput), _detector.Output(_scoresOutput), _candidates.AsSpan(candidates));
            int kept = candidates;
            for (int i = candidates; i < candidates + found; i++)
            {
                ToFrame(tile, ref _candidates[i]);
                // Tiles (all regions after the whole frame, DetectionTiling) are for people smaller than
                // a tile; see MaxTileRegionScale.
                if (t == 0 || RegionOf(_candidates[i]).SizePx <= MaxTileRegionScale * tile.SizePx)
                {
                    _candidates[kept++] = _candidates[i];
                }
            }

            candidates = kept;
            clock.LapDecode();
        }

        // Overlap is scale-free, so suppressing in frame pixels merges what the tiles saw twice.
        _detectionCount = _nms.Run(_candidates.AsSpan(0, candidates), _detections);
        for (int i = 0; i < _detectionCount; i++)
        {
            PoseRegion region = RegionOf(_detections[i]);
            if (region.SizePx > 1 && !IsFollowed(region) && FreeTrack() is PersonTrack track)
            {
                track.Start(_nextId++, region);
            }
        }

        clock.LapDecode();
    }

    /// <summary>
    /// Largest region, as a multiple of the tile's side, of a person detected in a tile. A body wholly
    /// inside a tile has a region of at most about 1.4 tiles (the region is 2.5 × the hips-to-crown
    /// distance, about 1.4 × a standing person's height); a larger one means the tile saw a part of
    /// someone much bigger than itself — whom the whole-frame view sees whole — and the detector
    /// extrapolated the body from that part. On opencv-doc's messi5.jpg such an extrapolation from
    /// the top-right tile (a face-like patch, score 0.55) gave a region of 7.3 tiles centred outside
    /// the frame, which the landmark model then followed as a second person; the parts of the real
    /// player seen by tiles give 0.6–1.3 tiles.
    /// </summary>
    public const float MaxTileRegionScale = 2f;

    /// <summary>The region a detection's alignment keypoints give (frame pixels).</summary>
    private static PoseRegion RegionOf(in PersonDetection detection) =>
        PoseRegion.FromAlignmentPoints(detection.Keypoints[PersonDetection.HipsCenter], detection.Keypoints[PersonDetection.FullBodyScalePoint]);

    /// <summary>Detector coordinates (fractions of the letterboxed square <paramref name="whole"/>) to frame pixels.</summary>
    private static void ToFrame(in PoseRegion whole, ref PersonDetection detection)
    {
        System.Numerics.Vector2 min = whole.ToFrame(detection.XMin, detection.YMin);
        System.Numerics.Vector2 max = whole.ToFrame(detection.XMax, detection.YMax);
        detection.XMin = min.X;
        detection.YMin = min.Y;
        detection.XMax = max.X;
        detection.YMax = max.Y;
        for (int k = 0; k < DetectionKeypoints.Count; k++)
        {
            detection.Keypoints[k] = whole.ToFrame(detection.Keypoints[k].X, detection.Keypoints[k].Y);
        }
    }

    /// <summary>Whether <paramref name="region"/> holds someone already followed (the region they will be looked for in).</summary>
    private bool IsFollowed(in PoseRegion region)
    {
        foreach (PersonTrack track in _tracks)
        {
            if (track.Active && PoseRegion.BoundsOverlap(track.NextRegion, region) > SamePersonOverlap)
            {
                return true;
            }
        }

        return false;
    }

    private PersonTrack? FreeTrack()
    {
        foreach (PersonTrack track in _tracks)
        {
            if (!track.Active)
            {
                return track;
            }
        }

        return null;
    }
}
