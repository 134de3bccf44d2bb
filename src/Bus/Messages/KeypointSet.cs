using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Messages;

/// <summary>Inline storage for up to <see cref="Capacity"/> keypoints of one target.</summary>
[InlineArray(Capacity)]
public struct KeypointSet
{
    /// <summary>The most keypoints a pose model may report for one target: BlazePose's 33 body landmarks.</summary>
    public const int Capacity = 33;

    private Keypoint _element0;
}
