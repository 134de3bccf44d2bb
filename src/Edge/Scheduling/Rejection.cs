namespace RobotEdge.Edge.Scheduling;

/// <summary>A request the scheduler gave back, and why.</summary>
public readonly record struct Rejection(InferenceItem Item, RejectionReason Reason);
