namespace RobotEdge.ReferenceCheck.Inputs;

/// <summary>One input tensor for a reference comparison and where it came from.</summary>
/// <param name="Label">What the input is, e.g. "random #3 (seed 1003)" or "vtest.avi frame 200".</param>
/// <param name="Values">NHWC float32 values (RGB for real frames), row-major.</param>
/// <param name="IsRealFrame">True for a camera image (a photo or a video frame), false for synthetic noise.</param>
public sealed record ReferenceInput(string Label, float[] Values, bool IsRealFrame);
