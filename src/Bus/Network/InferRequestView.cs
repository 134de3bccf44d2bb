using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Network;

/// <summary>
/// An inference request read in place from its wire bytes: the scalar fields, and where the robot
/// id (UTF-8) and the tensor lie in those bytes (offsets from the start of the wire message, header
/// included; length 0 when the field is absent, nil or empty). What <see cref="WireCodec.TryReadInfer"/>
/// gives the server so that a request's tensor is copied once, into a pooled buffer, instead of into
/// a fresh 196 KB array that only the garbage collector reclaims.
/// </summary>
public readonly record struct InferRequestView(
    int RobotIdOffset,
    int RobotIdLength,
    long Sequence,
    long CaptureRobotNs,
    long DeadlineEdgeNs,
    TensorEncoding Encoding,
    int TensorOffset,
    int TensorLength);
