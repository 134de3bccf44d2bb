using System.Runtime.CompilerServices;

namespace RobotEdge.Host.Telemetry;

/// <summary>Inline storage of the four markers' true centres (u, v), pixels.</summary>
[InlineArray(4)]
public struct FrameTruthMarkers
{
    private (double U, double V) _element0;
}
