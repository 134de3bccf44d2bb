using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Pipeline;

/// <summary>
/// Every person (target) the last <see cref="IPoseInference.Estimate"/> found, not only the one its
/// estimate reports: for listing and drawing them (<c>robotedge perceive</c>, the console's overlay)
/// and for picking whom to follow. Read on the thread that calls <c>Estimate</c>, between two calls;
/// allocation-free, so it may be read every frame.
/// </summary>
public interface IPersonList
{
    /// <summary>People found in the last frame, 0..the configured most; 0 before the first frame.</summary>
    int PersonCount { get; }

    /// <summary>
    /// Fills <paramref name="person"/> with person <paramref name="index"/> (0 ≤ index &lt; <see cref="PersonCount"/>)
    /// of the last frame: keypoints in frame pixels, <see cref="PoseEstimate.TrackId"/> (0 when nothing
    /// tracks identities), world landmarks where the model gives them, and the last frame's stamp.
    /// Fields the list does not know (<see cref="PoseEstimate.Target"/>) are left invalid. Allocation-free.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0..<see cref="PersonCount"/>−1.</exception>
    void GetPerson(int index, ref PoseEstimate person);
}
