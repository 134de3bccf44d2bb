using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>
/// One frame's inference request (robot → edge, kind 2). The server reads it in place
/// (<see cref="WireCodec.TryReadInfer"/>) and robots write it with <see cref="WireCodec.WriteInferRequest"/>;
/// this type is the contract both are tested against, and what other senders and tests use.
/// </summary>
[MessagePackObject]
public sealed class InferRequest : RobotToEdge
{
    /// <summary>The robot's id, UTF-8; must be the one its token was issued to.</summary>
    [Key(0)]
    public string? RobotId { get; set; }

    /// <summary>Frame sequence, echoed in the answer.</summary>
    [Key(1)]
    public long Sequence { get; set; }

    /// <summary>Capture time, robot clock, ns.</summary>
    [Key(2)]
    public long CaptureRobotNs { get; set; }

    /// <summary>Absolute time on the server's clock by which the result must leave the server, ns.</summary>
    [Key(3)]
    public long DeadlineEdgeNs { get; set; }

    /// <summary>How <see cref="Tensor"/> is encoded.</summary>
    [Key(4)]
    public TensorEncoding Encoding { get; set; }

    /// <summary>The model's input tensor (MessagePack bin), as <see cref="Encoding"/> says.</summary>
    [Key(5)]
    public byte[]? Tensor { get; set; }
}
