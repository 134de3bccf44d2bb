namespace RobotEdge.Bus.Messages;

/// <summary>
/// One detected keypoint in the pixel coordinates of the captured frame (origin at the top-left
/// pixel's centre, x right, y down) with the model's confidence in [0, 1].
/// </summary>
public readonly record struct Keypoint(float XPx, float YPx, float Confidence);
