namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// How our BlazePose pipeline's person agrees with MediaPipe's on one image. Distances are between
/// the same landmark index (BlazePose's 33) in image pixels; world distances in metres between the
/// world landmarks (both origin at the hips' midpoint). The error figures are NaN unless both found a person.
/// </summary>
/// <param name="Label">The image, e.g. "messi5.jpg" or "vtest.avi frame 200".</param>
/// <param name="WidthPx">Image width, pixels.</param>
/// <param name="HeightPx">Image height, pixels.</param>
/// <param name="MediaPipeFound">MediaPipe found a person.</param>
/// <param name="OurPeople">People our pipeline found (its best match to MediaPipe's person is compared).</param>
/// <param name="MeanErrorPx">Mean over the 33 landmarks of the distance, pixels.</param>
/// <param name="MeanVisibleErrorPx">The same over the landmarks MediaPipe calls visible (visibility ≥ 0.5); NaN when none are.</param>
/// <param name="MaxErrorPx">The largest of the 33 distances, pixels.</param>
/// <param name="MeanWorldErrorM">Mean over the 33 world landmarks of the 3D distance, metres.</param>
public sealed record LandmarkFrameResult(string Label, int WidthPx, int HeightPx, bool MediaPipeFound, int OurPeople,
    double MeanErrorPx, double MeanVisibleErrorPx, double MaxErrorPx, double MeanWorldErrorM)
{
    /// <summary>Both found a person: the error figures are defined.</summary>
    public bool BothFound => MediaPipeFound && OurPeople > 0;

    /// <summary>The image's diagonal, pixels.</summary>
    public double DiagonalPx => Math.Sqrt((double)WidthPx * WidthPx + (double)HeightPx * HeightPx);

    /// <summary><see cref="MeanErrorPx"/> as a fraction of <see cref="DiagonalPx"/>: the figure the 1 % bound applies to.</summary>
    public double MeanErrorOfDiagonal => MeanErrorPx / DiagonalPx;
}
