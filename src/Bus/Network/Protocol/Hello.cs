using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>First message on a connection (robot → edge, kind 1). The robot id, when given, must be the one its token was issued to.</summary>
[MessagePackObject]
public sealed class Hello : RobotToEdge
{
    /// <summary>The robot's id; empty or nil: the one the token names.</summary>
    [Key(0)]
    public string? RobotId { get; set; }

    /// <summary>The model card the robot runs on board; the server must serve the same model.</summary>
    [Key(1)]
    public string? ModelName { get; set; }

    /// <summary>Camera frame width, pixels (16..8192); the server maps keypoints back into this frame.</summary>
    [Key(2)]
    public uint FrameWidth { get; set; }

    /// <summary>Camera frame height, pixels (16..8192).</summary>
    [Key(3)]
    public uint FrameHeight { get; set; }

    /// <summary>
    /// The robot's camera frame rate, Hz: at most this many requests a second (with a little slack)
    /// get the server's promise; more are served only on capacity no one else needs. 0 or absent:
    /// not declared (the server's default, 30 Hz); otherwise finite, up to 240.
    /// </summary>
    [Key(4)]
    public double FrameRateHz { get; set; }
}
