using RobotEdge.Host.Telemetry;
using RobotEdge.Sim.Rendering;

namespace RobotEdge.Host.Runtime;

/// <summary>The simulated camera's ground-truth log as the run's statistics read it (telemetry thread, allocation-free).</summary>
public sealed class SimulatedFrameTruth(GroundTruthLog log) : IFrameTruth
{
    /// <inheritdoc />
    public bool TryGet(long sequence, out FrameTruth truth)
    {
        truth = default;
        if (!log.TryGet(sequence, out FrameGroundTruth rendered))
        {
            return false;
        }

        truth.TimeS = rendered.TimeS;
        truth.PointingErrorRad = rendered.PointingErrorRad;
        truth.VisibleMask = rendered.VisibleMask;
        for (int i = 0; i < 4; i++)
        {
            truth.Markers[i] = rendered.Markers[i];
        }

        return true;
    }
}
