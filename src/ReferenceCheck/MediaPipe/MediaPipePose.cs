namespace RobotEdge.ReferenceCheck.MediaPipe;

/// <summary>MediaPipe's answer for one image in which it found a person.</summary>
/// <param name="ImageWidth">The image's width, pixels.</param>
/// <param name="ImageHeight">The image's height, pixels.</param>
/// <param name="Landmarks">The 33 landmarks (BlazePose order, see RobotEdge.Bus.Messages.BodyLandmark), normalised to the image.</param>
/// <param name="WorldLandmarks">The 33 world landmarks, metres, origin at the hips' midpoint.</param>
public sealed record MediaPipePose(int ImageWidth, int ImageHeight, MediaPipeLandmark[] Landmarks, MediaPipeLandmark[] WorldLandmarks)
{
    /// <summary>Landmark <paramref name="index"/>'s x, image pixels.</summary>
    public double PixelX(int index) => Landmarks[index].X * ImageWidth;

    /// <summary>Landmark <paramref name="index"/>'s y, image pixels.</summary>
    public double PixelY(int index) => Landmarks[index].Y * ImageHeight;

    /// <summary>The image's diagonal, pixels: the scale the 1 % agreement bound is stated in.</summary>
    public double DiagonalPx => Math.Sqrt((double)ImageWidth * ImageWidth + (double)ImageHeight * ImageHeight);
}
