namespace RobotEdge.RobotModel.Urdf;

/// <summary>
/// A parsed robot description: its links and the joints connecting them, in document order.
/// Guaranteed by <see cref="UrdfParser"/> to be a tree: names are unique, every joint names
/// existing links, every link but <see cref="RootLink"/> is the child of exactly one joint, and every
/// link is reachable from the root. Immutable; safe to share between threads.
/// </summary>
public sealed class RobotDescription
{
    private readonly Dictionary<string, UrdfLink> _linksByName;
    private readonly Dictionary<string, UrdfJoint> _jointsByName;
    private readonly Dictionary<string, UrdfJoint> _parentJointByChildLink;

    /// <summary>Creates a description from parts the parser has already validated.</summary>
    internal RobotDescription(
        string name,
        string sourceName,
        IReadOnlyList<UrdfLink> links,
        IReadOnlyList<UrdfJoint> joints,
        string rootLink)
    {
        Name = name;
        SourceName = sourceName;
        Links = links;
        Joints = joints;
        RootLink = rootLink;
        _linksByName = new Dictionary<string, UrdfLink>(links.Count, StringComparer.Ordinal);
        foreach (UrdfLink link in links)
        {
            _linksByName.Add(link.Name, link);
        }

        _jointsByName = new Dictionary<string, UrdfJoint>(joints.Count, StringComparer.Ordinal);
        _parentJointByChildLink = new Dictionary<string, UrdfJoint>(joints.Count, StringComparer.Ordinal);
        foreach (UrdfJoint joint in joints)
        {
            _jointsByName.Add(joint.Name, joint);
            _parentJointByChildLink.Add(joint.Child, joint);
        }
    }

    /// <summary>The robot's name (the <c>name</c> attribute of <c>&lt;robot&gt;</c>).</summary>
    public string Name { get; }

    /// <summary>Where the description was read from (a path, or the name given to <see cref="UrdfParser.Parse"/>).</summary>
    public string SourceName { get; }

    /// <summary>All links, in document order.</summary>
    public IReadOnlyList<UrdfLink> Links { get; }

    /// <summary>All joints, in document order.</summary>
    public IReadOnlyList<UrdfJoint> Joints { get; }

    /// <summary>The one link that is no joint's child.</summary>
    public string RootLink { get; }

    /// <summary>The joint named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The robot has no such joint.</exception>
    public UrdfJoint GetJoint(string name) =>
        _jointsByName.TryGetValue(name, out UrdfJoint? joint)
            ? joint
            : throw new KeyNotFoundException($"robot '{Name}' has no joint named '{name}'");

    /// <summary>Looks up the joint named <paramref name="name"/>.</summary>
    public bool TryGetJoint(string name, out UrdfJoint joint) => _jointsByName.TryGetValue(name, out joint!);

    /// <summary>The link named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The robot has no such link.</exception>
    public UrdfLink GetLink(string name) =>
        _linksByName.TryGetValue(name, out UrdfLink? link)
            ? link
            : throw new KeyNotFoundException($"robot '{Name}' has no link named '{name}'");

    /// <summary>Whether the robot has a link named <paramref name="name"/>.</summary>
    public bool HasLink(string name) => _linksByName.ContainsKey(name);

    /// <summary>The joint whose child is <paramref name="linkName"/>; false for the root link or an unknown name.</summary>
    public bool TryGetParentJoint(string linkName, out UrdfJoint joint) =>
        _parentJointByChildLink.TryGetValue(linkName, out joint!);
}
