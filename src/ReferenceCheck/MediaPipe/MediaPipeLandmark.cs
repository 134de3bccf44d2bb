namespace RobotEdge.ReferenceCheck.MediaPipe;

/// <summary>
/// One of MediaPipe's 33 pose landmarks as its solution reports it. For image landmarks X and Y
/// are normalised to the image (0..1 of its width and height, origin top-left), Z is depth relative
/// to the hips in roughly the same scale as X; for world landmarks X, Y, Z are metres from the
/// hips' midpoint. Visibility is the model's probability (0..1) that the point is in view and not occluded.
/// </summary>
public readonly record struct MediaPipeLandmark(float X, float Y, float Z, float Visibility);
