using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>What the robot knows of the target it tracks.</summary>
public sealed class TargetConfig
{
    /// <summary>
    /// Side of the square the four markers form, metres; with the camera intrinsics it gives the
    /// target's range from its apparent size.
    /// </summary>
    public double MarkerSpacingM { get; set; } = 0.16;

    /// <summary>
    /// Range assumed while too few markers are visible to measure it, metres; the follow-person
    /// behaviour assumes it for a person until their torso's range has been measured.
    /// </summary>
    public double DefaultRangeM { get; set; } = 1.5;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>target</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.Above(MarkerSpacingM, 0, 100, $"{path}.markerSpacingM");
        problems.Above(DefaultRangeM, 0, 1000, $"{path}.defaultRangeM");
    }
}
