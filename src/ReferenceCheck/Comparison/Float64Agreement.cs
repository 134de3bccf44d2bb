using RobotEdge.ReferenceCheck.Inputs;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>A <see cref="Float64Check"/> of one model: per output (in the model's order), the tallies over all inputs and over the real frames alone.</summary>
/// <param name="All">Over every input.</param>
/// <param name="RealFrames">Over the real frames only (no samples when there were none).</param>
/// <param name="Inputs">The inputs compared, in order (their labels name the worst samples).</param>
public sealed record Float64Agreement(IReadOnlyList<Float64OutputErrors> All, IReadOnlyList<Float64OutputErrors> RealFrames, IReadOnlyList<ReferenceInput> Inputs);
