namespace RobotEdge.Vision.Geometry;

/// <summary>OpenCV's <c>SOLVEPNP_*</c> methods RobotEdge uses (values are OpenCV's).</summary>
public enum PnpMethod
{
    /// <summary>Levenberg–Marquardt from a DLT or homography start; any point layout.</summary>
    Iterative = 0,

    /// <summary>Infinitesimal plane-based pose estimation: planar targets, 4 or more points (resolves the planar flip by reprojection).</summary>
    Ippe = 6,

    /// <summary>SQPnP: globally optimal for any layout of 3 or more points.</summary>
    SqPnp = 8,
}
