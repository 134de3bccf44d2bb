namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// A model's per-output agreement with its reference, over all inputs and over the real frames
/// alone (noise drives activations far beyond what a camera does, where float rounding grows most).
/// </summary>
/// <param name="All">One tally per output, in the reference's output order, over every input.</param>
/// <param name="RealFrames">The same over the real frames only (tallies with 0 samples when there were none).</param>
public sealed record ModelAgreement(IReadOnlyList<OutputAgreement> All, IReadOnlyList<OutputAgreement> RealFrames);
