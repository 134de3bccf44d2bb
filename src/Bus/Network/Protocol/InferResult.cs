using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>
/// The answer to one inference request (edge → robot, kind 2): a pose, or a rejection. The server
/// writes it with <see cref="WireCodec.WriteInferResult"/>; this type is the contract that writer is
/// tested against and what robots decode.
/// </summary>
[MessagePackObject]
public sealed class InferResult : EdgeToRobot
{
    /// <summary>The request's frame sequence.</summary>
    [Key(0)]
    public long Sequence { get; set; }

    /// <summary>Keypoints in the robot's frame pixels: x, y, confidence per keypoint, card order. Empty or nil when rejected.</summary>
    [Key(1)]
    public float[]? Keypoints { get; set; }

    /// <summary>Why there is no pose; <see cref="RejectReason.Unspecified"/> with keypoints: a pose.</summary>
    [Key(2)]
    public RejectReason Rejection { get; set; }

    /// <summary>A human-readable reason for a rejection; empty or nil otherwise.</summary>
    [Key(3)]
    public string? Detail { get; set; }

    /// <summary>The batch the request ran in (0 when rejected).</summary>
    [Key(4)]
    public uint BatchSize { get; set; }

    /// <summary>Time the request waited on the server, ns.</summary>
    [Key(5)]
    public long QueuedNs { get; set; }

    /// <summary>Time the batch's model run took, ns.</summary>
    [Key(6)]
    public long ExecutionNs { get; set; }
}
