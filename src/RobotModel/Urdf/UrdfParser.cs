using System.Xml;
using System.Xml.Linq;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Urdf;

/// <summary>
/// Reads URDF robot descriptions (links and joints; visual, collision, inertial, transmission and
/// Gazebo elements are ignored). Every problem is reported as a <see cref="UrdfFormatException"/>
/// naming the source and line. Not for the hot path: it allocates freely; call it at start-up.
/// Thread-safe (no shared state).
/// </summary>
public static partial class UrdfParser
{
    /// <summary>Parses a URDF document held in a string.</summary>
    /// <param name="xml">The document text.</param>
    /// <param name="sourceName">Name used in error messages and kept as <see cref="RobotDescription.SourceName"/>.</param>
    /// <exception cref="UrdfFormatException">The text is not XML or not a valid, supported URDF robot.</exception>
    public static RobotDescription Parse(string xml, string sourceName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(sourceName);
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new UrdfFormatException(sourceName, e.LineNumber, $"not well-formed XML: {e.Message}", e);
        }

        return new Reader(sourceName).ReadRobot(document.Root!);
    }

    /// <summary>Reads and parses the URDF file at <paramref name="path"/> (the path names it in errors).</summary>
    /// <exception cref="UrdfFormatException">The file is not XML or not a valid, supported URDF robot.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RobotDescription Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>One parse: the source name and the element readers that report against it.</summary>
    private sealed partial class Reader(string sourceName)
    {
        public RobotDescription ReadRobot(XElement root)
        {
            if (root.Name != "robot")
            {
                throw Error(root, $"root element is <{root.Name}>, expected <robot>");
            }

            string robotName = RequiredName(root, "robot");
            List<UrdfLink> links = ReadLinks(root);
            List<UrdfJoint> joints = ReadJoints(root, links);
            string rootLink = FindRootLink(root, robotName, links, joints);
            return new RobotDescription(robotName, sourceName, links, joints, rootLink);
        }

        private List<UrdfLink> ReadLinks(XElement robot)
        {
            var links = new List<UrdfLink>();
            var seen = new Dictionary<string, UrdfLink>(StringComparer.Ordinal);
            foreach (XElement element in robot.Elements("link"))
            {
                string name = RequiredName(element, "link");
                if (seen.TryGetValue(name, out UrdfLink? first))
                {
                    throw Error(element, $"duplicate link name '{name}' (first defined on line {first.LineNumber})");
                }

                var link = new UrdfLink(name, LineOf(element));
                seen.Add(name, link);
                links.Add(link);
            }

            if (links.Count == 0)
            {
                throw Error(robot, "robot has no <link> elements; expected exactly one root link");
            }

            return links;
        }

        private List<UrdfJoint> ReadJoints(XElement robot, List<UrdfLink> links)
        {
            var linkNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (UrdfLink link in links)
            {
                linkNames.Add(link.Name);
            }

            var joints = new List<UrdfJoint>();
            var byName = new Dictionary<string, UrdfJoint>(StringComparer.Ordinal);
            var parentJointOfLink = new Dictionary<string, UrdfJoint>(StringComparer.Ordinal);
            foreach (XElement element in robot.Elements("joint"))
            {
                UrdfJoint joint = ReadJoint(element, linkNames);
                if (byName.TryGetValue(joint.Name, out UrdfJoint? first))
                {
                    throw Error(element, $"duplicate joint name '{joint.Name}' (first defined on line {first.LineNumber})");
                }

                if (parentJointOfLink.TryGetValue(joint.Child, out UrdfJoint? other))
                {
                    throw Error(
                        element.Element("child")!,
                        $"link '{joint.Child}' has two parents: it is the child of joint '{other.Name}' " +
                        $"(line {other.LineNumber}) and of joint '{joint.Name}'; a link may have only one parent joint");
                }

                byName.Add(joint.Name, joint);
                parentJointOfLink.Add(joint.Child, joint);
                joints.Add(joint);
            }

            return joints;
        }

        private UrdfJoint ReadJoint(XElement element, HashSet<string> linkNames)
        {
            string name = RequiredName(element, "joint");
            JointType type = ReadJointType(element, name);
            string parent = ReadLinkReference(element, name, "parent", linkNames);
            string child = ReadLinkReference(element, name, "child", linkNames);
            if (parent == child)
            {
                throw Error(element.Element("child")!, $"joint '{name}' has link '{parent}' as both parent and child");
            }

            Transform3d origin = ReadOrigin(element.Element("origin"), name);
            Vec3d axis = type == JointType.Fixed ? Vec3d.UnitX : ReadAxis(element.Element("axis"), name);
            JointLimits? limits = ReadLimits(element, name, type);
            return new UrdfJoint(name, type, parent, child, origin, axis, limits, LineOf(element));
        }

        private JointType ReadJointType(XElement element, string jointName)
        {
            XAttribute attribute = element.Attribute("type")
                ?? throw Error(element, $"joint '{jointName}' has no type attribute");
            return attribute.Value switch
            {
                "revolute" => JointType.Revolute,
                "continuous" => JointType.Continuous,
                "prismatic" => JointType.Prismatic,
                "fixed" => JointType.Fixed,
                "floating" or "planar" => throw Error(
                    attribute,
                    $"joint '{jointName}' has type '{attribute.Value}', which is unsupported " +
                    "(supported: revolute, continuous, prismatic, fixed)"),
                _ => throw Error(
                    attribute,
                    $"joint '{jointName}' has unknown type '{attribute.Value}' " +
                    "(supported: revolute, continuous, prismatic, fixed)"),
            };
        }

        private string ReadLinkReference(XElement joint, string jointName, string role, HashSet<string> linkNames)
        {
            XElement element = joint.Element(role) ?? throw Error(joint, $"joint '{jointName}' has no <{role}> element");
            XAttribute attribute = element.Attribute("link")
                ?? throw Error(element, $"joint '{jointName}': <{role}> has no link attribute");
            if (!linkNames.Contains(attribute.Value))
            {
                throw Error(element, $"joint '{jointName}' names unknown {role} link '{attribute.Value}'");
            }

            return attribute.Value;
        }

        private Transform3d ReadOrigin(XElement? origin, string jointName)
        {
            if (origin is null)
            {
                return Transform3d.Identity;
            }

            Vec3d xyz = ReadVector(origin, "xyz", jointName, Vec3d.Zero);
            Vec3d rpy = ReadVector(origin, "rpy", jointName, Vec3d.Zero);
            return new Transform3d(Mat3d.FromRpy(rpy.X, rpy.Y, rpy.Z), xyz);
        }

        private Vec3d ReadAxis(XElement? axis, string jointName)
        {
            if (axis is null)
            {
                return Vec3d.UnitX;
            }

            Vec3d xyz = ReadVector(axis, "xyz", jointName, Vec3d.UnitX);
            if (xyz.LengthSquared == 0)
            {
                throw Error(axis.Attribute("xyz") ?? (XObject)axis, $"joint '{jointName}': <axis> xyz is zero; an axis needs a direction");
            }

            return xyz.Normalized();
        }

        private JointLimits? ReadLimits(XElement joint, string jointName, JointType type)
        {
            XElement? limit = joint.Element("limit");
            if (type == JointType.Fixed)
            {
                return null;
            }

            if (limit is null)
            {
                if (type == JointType.Continuous)
                {
                    return null;
                }

                throw Error(joint, $"{TypeName(type)} joint '{jointName}' requires a <limit> element (lower, upper, effort, velocity)");
            }

            double effort = ReadRequiredScalar(limit, "effort", jointName);
            double velocity = ReadRequiredScalar(limit, "velocity", jointName);
            if (effort < 0 || velocity < 0)
            {
                throw Error(limit, $"joint '{jointName}': <limit> effort and velocity must not be negative");
            }

            if (type == JointType.Continuous)
            {
                return new JointLimits(double.NegativeInfinity, double.PositiveInfinity, velocity, effort);
            }

            double lower = ReadOptionalScalar(limit, "lower", jointName, 0);
            double upper = ReadOptionalScalar(limit, "upper", jointName, 0);
            if (lower > upper)
            {
                throw Error(limit, $"joint '{jointName}': <limit> lower {lower} is above upper {upper}");
            }

            return new JointLimits(lower, upper, velocity, effort);
        }

        private string FindRootLink(XElement robot, string robotName, List<UrdfLink> links, List<UrdfJoint> joints)
        {
            var children = new HashSet<string>(StringComparer.Ordinal);
            var childLinksByParent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (UrdfJoint joint in joints)
            {
                children.Add(joint.Child);
                if (!childLinksByParent.TryGetValue(joint.Parent, out List<string>? list))
                {
                    list = [];
                    childLinksByParent.Add(joint.Parent, list);
                }

                list.Add(joint.Child);
            }

            UrdfLink? root = null;
            foreach (UrdfLink link in links)
            {
                if (children.Contains(link.Name))
                {
                    continue;
                }

                if (root is not null)
                {
                    throw Error(
                        link.LineNumber,
                        $"robot '{robotName}' has no single root link: links '{root.Name}' (line {root.LineNumber}) and " +
                        $"'{link.Name}' both have no parent joint; connect every link to one tree");
                }

                root = link;
            }

            if (root is null)
            {
                throw Error(robot, $"robot '{robotName}' has no single root link: every link is the child of a joint, so the joints form a cycle");
            }

            var reached = new HashSet<string>(StringComparer.Ordinal) { root.Name };
            var pending = new Stack<string>();
            pending.Push(root.Name);
            while (pending.Count > 0)
            {
                if (childLinksByParent.TryGetValue(pending.Pop(), out List<string>? next))
                {
                    foreach (string child in next)
                    {
                        if (reached.Add(child))
                        {
                            pending.Push(child);
                        }
                    }
                }
            }

            foreach (UrdfLink link in links)
            {
                if (!reached.Contains(link.Name))
                {
                    throw Error(
                        link.LineNumber,
                        $"robot '{robotName}' has no single root link: link '{link.Name}' cannot be reached from root link " +
                        $"'{root.Name}' because its joints form a cycle");
                }
            }

            return root.Name;
        }

        private static string TypeName(JointType type) => type switch
        {
            JointType.Revolute => "revolute",
            JointType.Continuous => "continuous",
            JointType.Prismatic => "prismatic",
            _ => "fixed",
        };
    }
}
