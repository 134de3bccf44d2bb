using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Perception.Tracking;
using RobotEdge.Vision.Geometry;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// One robot's perception as <see cref="PerceptionFactory"/> composed it from the configuration:
/// the on-board estimator — one model with its preprocessing, decoder and tracker
/// (<see cref="OnBoard"/>), or the BlazePose pipeline (<see cref="BlazePose"/>), as the card's
/// decoder says — the edge offload around it when a site edge server is configured, and the 3D pose
/// solver, joined into the <see cref="Stage"/> the compute thread runs. Owns all of them. Nothing
/// in it runs a thread until <see cref="Start"/>.
/// </summary>
public sealed class PerceptionStack : IDisposable
{
    internal PerceptionStack(PoseEstimator onBoard, OffloadingPoseEstimator? offload, TargetPoseSolver? poseSolver)
    {
        OnBoard = onBoard;
        Inference = onBoard;
        Offload = offload;
        PoseSolver = poseSolver;
        Stage = new PerceptionStage((IPoseInference?)offload ?? onBoard, poseSolver);
    }

    internal PerceptionStack(BlazePoseEstimator blazePose)
    {
        BlazePose = blazePose;
        Inference = blazePose;
        Stage = new PerceptionStage(blazePose, null);
    }

    /// <summary>The on-board inference, whichever it is: <see cref="OnBoard"/> or <see cref="BlazePose"/>.</summary>
    public IPoseInference Inference { get; }

    /// <summary>The on-board single-model estimator (also the offload's fallback); null when the card is a <c>blazepose</c> card.</summary>
    public PoseEstimator? OnBoard { get; }

    /// <summary>The BlazePose pipeline (detector + landmark model, several people); null unless the card's decoder is <c>blazepose</c>.</summary>
    public BlazePoseEstimator? BlazePose { get; }

    /// <summary>The execution provider the on-board model runs on (the landmark model's, for BlazePose).</summary>
    public ExecutionProvider Provider => OnBoard?.Model.Provider ?? BlazePose!.LandmarkModel.Provider;

    /// <summary>Perception through the site edge server with the on-board fallback; null when no edge server is configured.</summary>
    public OffloadingPoseEstimator? Offload { get; }

    /// <summary>The tracker that picks the followed target, or null (<c>tracking.enabled</c> off).</summary>
    public MultiTargetTracker? Tracker => OnBoard?.Tracker;

    /// <summary>The 3D pose solver, or null (<c>tracking.solvePose</c> off).</summary>
    public TargetPoseSolver? PoseSolver { get; }

    /// <summary>What the compute thread runs per frame: inference (on board or offloaded), then the pose solve.</summary>
    public PerceptionStage Stage { get; }

    /// <summary>Whether <see cref="Start"/> has run.</summary>
    public bool Started => Offload?.Edge.Started ?? false;

    /// <summary>Starts the edge client's connection (its supervisor and sender), if there is one. Idempotent.</summary>
    public void Start() => Offload?.Edge.Start();

    /// <summary>Disposes the edge client (its threads end), then the on-board model.</summary>
    public void Dispose()
    {
        Offload?.Dispose();
        OnBoard?.Dispose();
        BlazePose?.Dispose();
    }
}
