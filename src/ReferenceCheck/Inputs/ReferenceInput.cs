namespace RobotEdge.ReferenceCheck.Inputs;

/// <summary>One input tensor for a reference comparison and where it came from.</summary>
/// <param name="Label">What the input is, e.g. "random #3 (seed 1003)" or "vtest.avi frame 200".</param>
/// <param name="Values">NHWC float32 values (RGB for real frames), row-major.</param>
public sealed record ReferenceInput(string Label, float[] Values);
