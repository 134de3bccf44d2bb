using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>The robot's state, sent to every signed-in page about ten times a second.</summary>
public sealed class StateMessage
{
    /// <summary>The message kind.</summary>
    [JsonPropertyName("type")] public string Type => "state";

    /// <summary>Control tick of the snapshot.</summary>
    [JsonPropertyName("tick")] public long Tick { get; init; }

    /// <summary>
    /// How long the control loop has published no new snapshot, ms (0 while it ticks). A silent
    /// loop means the figures below are old: the page shows the robot as not responding.
    /// </summary>
    [JsonPropertyName("loopSilentMs")] public double LoopSilentMs { get; init; }

    /// <summary>auto, manual or stopped.</summary>
    [JsonPropertyName("mode")] public required string Mode { get; init; }

    /// <summary>running, stopping or holding.</summary>
    [JsonPropertyName("motion")] public required string Motion { get; init; }

    /// <summary>Active stop causes.</summary>
    [JsonPropertyName("causes")] public required string[] Causes { get; init; }

    /// <summary>Whether the e-stop is latched.</summary>
    [JsonPropertyName("estop")] public bool EStop { get; init; }

    /// <summary>Whether a stop holds that only an operator's reset clears (the e-stop, a lost operator).</summary>
    [JsonPropertyName("resetNeeded")] public bool ResetNeeded { get; init; }

    /// <summary>The last e-stop's request → first stop command latency, µs (−1 before any).</summary>
    [JsonPropertyName("estopLatencyUs")] public double EStopLatencyUs { get; init; }

    /// <summary>Per joint: measured and commanded.</summary>
    [JsonPropertyName("joints")] public required JointStateInfo[] Joints { get; init; }

    /// <summary>Who holds the control lease, or null.</summary>
    [JsonPropertyName("lease")] public string? LeaseHolder { get; set; }

    /// <summary>Whether this page holds it.</summary>
    [JsonPropertyName("mine")] public bool Mine { get; set; }

    /// <summary>Frames since the last state: [sequence, queue, preprocess, inference, decode, plan] in ms.</summary>
    [JsonPropertyName("frames")] public required double[][] Frames { get; init; }

    /// <summary>First commands since the last state: [sequence, control, end to end] in ms.</summary>
    [JsonPropertyName("commands")] public required double[][] Commands { get; init; }

    /// <summary>Frames processed so far.</summary>
    [JsonPropertyName("framesTotal")] public long FramesTotal { get; init; }

    /// <summary>First commands so far.</summary>
    [JsonPropertyName("commandsTotal")] public long CommandsTotal { get; init; }

    /// <summary>End-to-end deadline misses so far.</summary>
    [JsonPropertyName("misses")] public long Misses { get; init; }

    /// <summary>Video figures.</summary>
    [JsonPropertyName("video")] public required VideoInfo Video { get; init; }

    /// <summary>The newest safety events, newest first.</summary>
    [JsonPropertyName("events")] public required EventInfo[] Events { get; init; }
}
