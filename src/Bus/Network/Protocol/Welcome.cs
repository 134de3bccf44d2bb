using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>The server's answer to an accepted hello (edge → robot, kind 1).</summary>
[MessagePackObject]
public sealed class Welcome : EdgeToRobot
{
    /// <summary>The robot id the server knows this token by; requests must name it.</summary>
    [Key(0)]
    public string? RobotId { get; set; }

    /// <summary>The model card the server serves.</summary>
    [Key(1)]
    public string? ModelName { get; set; }

    /// <summary>The model's input width, pixels.</summary>
    [Key(2)]
    public uint InputWidth { get; set; }

    /// <summary>The model's input height, pixels.</summary>
    [Key(3)]
    public uint InputHeight { get; set; }

    /// <summary>The largest batch the server runs.</summary>
    [Key(4)]
    public uint MaxBatch { get; set; }
}
