namespace RobotEdge.Perception.BlazePose;

/// <summary>One SSD anchor: a box centre and size, normalised to the detector's input ([0, 1]).</summary>
/// <param name="XCenter">Centre x, fraction of the input width.</param>
/// <param name="YCenter">Centre y, fraction of the input height.</param>
/// <param name="Width">Width, fraction of the input width (1 with a fixed anchor size).</param>
/// <param name="Height">Height, fraction of the input height (1 with a fixed anchor size).</param>
public readonly record struct SsdAnchor(float XCenter, float YCenter, float Width, float Height);
