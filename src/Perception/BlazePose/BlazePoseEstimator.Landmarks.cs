using RobotEdge.Bus.Frames;

namespace RobotEdge.Perception.BlazePose;

/// <summary>The landmark step: one followed person's region through the landmark model.</summary>
public sealed partial class BlazePoseEstimator
{
    /// <summary>
    /// Looks for <paramref name="track"/>'s person in the region found last frame (or by the
    /// detector): landmarks, world landmarks and next frame's region when the model says a pose is
    /// present, otherwise the person is lost. Real-time safe.
    /// </summary>
    private void FollowOne(Frame frame, PersonTrack track, long captureNs, ref StepClock clock)
    {
        track.Region = track.NextRegion;
        _landmarkSampler.Sample(frame.Pixels, frame.Width, frame.Height, frame.StrideBytes, track.Region, _landmarks.Input);
        clock.LapPreprocess();
        _landmarks.Run();
        clock.LapInference();
        // The model's pose flag is a probability already (its graph ends in a logistic).
        track.Presence = _landmarks.Output(_presenceOutput)[0];
        if (!(track.Presence >= _spec.MinPresence))
        {
            track.Active = false;
            clock.LapDecode();
            return;
        }

        PoseRegion next = _landmarkDecoder.Decode(_landmarks.Output(_landmarkOutput), _landmarks.Output(_heatmapOutput),
            _landmarks.Output(_worldOutput), track.Region, ref track.Estimate);
        track.Estimate.Stamp = frame.Stamp;
        track.Estimate.TrackId = track.Id;
        track.Smoother.Smooth(ref track.Estimate.Keypoints, LandmarkDecoder.BodyLandmarkCount, captureNs);
        track.Frames++;
        // A collapsed region (the auxiliary landmarks on top of each other) cannot be looked at again.
        if (next.SizePx > 1 && float.IsFinite(next.CenterXPx) && float.IsFinite(next.CenterYPx))
        {
            track.NextRegion = next;
        }
        else
        {
            track.Active = false;
        }

        clock.LapDecode();
    }
}
