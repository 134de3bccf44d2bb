using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Network;

/// <summary>
/// An inference answer read in place by <see cref="WireCodec.TryReadInferResult"/>: its scalar
/// fields, and how many keypoint values it carried (the values themselves go into the caller's
/// span). The detail text is not kept: robots act on the rejection code.
/// </summary>
public readonly record struct InferResultView(
    long Sequence,
    int KeypointValues,
    RejectReason Rejection,
    uint BatchSize,
    long QueuedNs,
    long ExecutionNs);
