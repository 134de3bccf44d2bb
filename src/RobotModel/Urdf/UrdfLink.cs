namespace RobotEdge.RobotModel.Urdf;

/// <summary>A URDF <c>&lt;link&gt;</c>: a named rigid body frame. Visual, collision and inertial data are not kept.</summary>
public sealed class UrdfLink
{
    /// <summary>Creates a link.</summary>
    /// <param name="name">The link's unique name within its robot.</param>
    /// <param name="lineNumber">Line of the element in its source, 0 when unknown.</param>
    public UrdfLink(string name, int lineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        LineNumber = lineNumber;
    }

    /// <summary>The link's unique name within its robot.</summary>
    public string Name { get; }

    /// <summary>Line of the <c>&lt;link&gt;</c> element in its source, 0 when unknown (for diagnostics).</summary>
    public int LineNumber { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
