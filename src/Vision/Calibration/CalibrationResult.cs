namespace RobotEdge.Vision.Calibration;

/// <summary>Intrinsics recovered by <see cref="ChessboardCalibrator"/>.</summary>
public sealed record CalibrationResult
{
    /// <summary>Image width the intrinsics hold for, pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Image height, pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Focal length along x, pixels.</summary>
    public required double Fx { get; init; }

    /// <summary>Focal length along y, pixels.</summary>
    public required double Fy { get; init; }

    /// <summary>Principal point x, pixels (pixel-centre convention, as OpenCV's).</summary>
    public required double Cx { get; init; }

    /// <summary>Principal point y, pixels.</summary>
    public required double Cy { get; init; }

    /// <summary>Distortion k1 k2 p1 p2 k3 (OpenCV's model).</summary>
    public required double[] Distortion { get; init; }

    /// <summary>RMS reprojection error over all corners, pixels.</summary>
    public required double RmsPx { get; init; }

    /// <summary>Images whose board was found and used.</summary>
    public required IReadOnlyList<string> UsedImages { get; init; }

    /// <summary>Images without a board (or unreadable), with the reason.</summary>
    public required IReadOnlyList<string> RejectedImages { get; init; }
}
