using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// Optional perception stages after decoding (<c>tracking</c> in robot.json): identities across
/// frames with per-keypoint One-Euro smoothing, and the target's 3D pose by PnP from its known
/// geometry (<c>target.markerSpacingM</c>), carried to the planner with its covariance.
/// </summary>
public sealed class TrackingConfig
{
    /// <summary>Whether a multi-target tracker picks and smooths the target the planner follows.</summary>
    public bool Enabled { get; set; }

    /// <summary>Most targets tracked at once.</summary>
    public int MaxTargets { get; set; } = 4;

    /// <summary>Largest mean keypoint distance between a track's prediction and a detection it takes, pixels.</summary>
    public double GatePx { get; set; } = 60;

    /// <summary>Frames a track survives without a detection.</summary>
    public int MaxMisses { get; set; } = 5;

    /// <summary>
    /// One-Euro cutoff at rest, Hz (lower: steadier keypoints, more lag). The defaults (5 Hz, β 0.3)
    /// keep the simulated pan-tilt loop's tracking error where it is without smoothing; 1.5 Hz and
    /// β 0.02 (a typical screen-cursor setting) lagged the moving camera by 7° there.
    /// </summary>
    public double MinCutoffHz { get; set; } = 5;

    /// <summary>One-Euro speed coefficient, per (pixel/s) (higher: less lag when moving).</summary>
    public double Beta { get; set; } = 0.3;

    /// <summary>Whether to solve the target's 3D pose (PnP) and hand it to the planner.</summary>
    public bool SolvePose { get; set; }

    /// <summary>Keypoint noise the pose covariance assumes, one sigma, pixels.</summary>
    public double KeypointSigmaPx { get; set; } = 0.5;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>tracking</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.Within(MaxTargets, 1, 64, $"{path}.maxTargets");
        problems.Positive(GatePx, $"{path}.gatePx");
        problems.Within(MaxMisses, 0, 10_000, $"{path}.maxMisses");
        problems.Positive(MinCutoffHz, $"{path}.minCutoffHz");
        problems.NotNegative(Beta, $"{path}.beta");
        problems.Positive(KeypointSigmaPx, $"{path}.keypointSigmaPx");
    }
}
