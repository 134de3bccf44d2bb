namespace RobotEdge.Bus.Messages;

/// <summary>
/// One body landmark in metres, in the person's own frame as BlazePose reports it: origin at the
/// midpoint of the hips, axes parallel to the camera's optical frame (+X right, +Y down, +Z away from
/// the camera), so a landmark's offset from another is the true body geometry, independent of how
/// far the person stands. <see cref="Visibility"/> in [0, 1] is the model's belief that the landmark
/// is visible (not occluded), copied from the image keypoint.
/// </summary>
public readonly record struct WorldLandmark(float XM, float YM, float ZM, float Visibility);
