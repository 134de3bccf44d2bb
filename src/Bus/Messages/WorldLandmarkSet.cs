using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Messages;

/// <summary>Inline storage for up to <see cref="KeypointSet.Capacity"/> metric landmarks of one target.</summary>
[InlineArray(KeypointSet.Capacity)]
public struct WorldLandmarkSet
{
    private WorldLandmark _element0;
}
