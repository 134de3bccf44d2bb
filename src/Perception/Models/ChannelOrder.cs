namespace RobotEdge.Perception.Models;

/// <summary>Order of the colour channels in a model's input tensor.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,

    /// <summary>Blue, green, red (the frame's own order).</summary>
    Bgr,
}
