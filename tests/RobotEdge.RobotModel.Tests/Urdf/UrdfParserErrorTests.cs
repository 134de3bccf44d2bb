using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Tests.Urdf;

/// <summary>
/// Each malformed document must be rejected with the line of the offending element and a message
/// saying what is wrong. Documents are written one element per line, '|' standing for a line break.
/// </summary>
public sealed class UrdfParserErrorTests
{
    private const string Source = "broken.urdf";

    [Theory]
    // Not XML.
    [InlineData("this is not xml", 1, "not well-formed XML")]
    [InlineData("<robot name='r'>|<link name='a'>|</robot>", 3, "not well-formed XML")]
    // Wrong root, missing names.
    [InlineData("<?xml version='1.0'?>|<model name='m'/>", 2, "root element is <model>, expected <robot>")]
    [InlineData("<robot>|<link name='a'/>|</robot>", 1, "<robot> has no name attribute")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link/>|</robot>", 3, "<link> has no name attribute")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint type='fixed'>|<parent link='a'/>|<child link='b'/>|</joint>|</robot>", 4, "<joint> has no name attribute")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j'>|<parent link='a'/>|<child link='b'/>|</joint>|</robot>", 4, "joint 'j' has no type attribute")]
    // Unknown links.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='fixed'>|<parent link='x'/>|<child link='b'/>|</joint>|</robot>", 5, "joint 'j' names unknown parent link 'x'")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='fixed'>|<parent link='a'/>|<child link='y'/>|</joint>|</robot>", 6, "joint 'j' names unknown child link 'y'")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='fixed'>|<parent link='a'/>|</joint>|</robot>", 4, "joint 'j' has no <child> element")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='fixed'>|<parent link='a'/>|<child link='a'/>|</joint>|</robot>", 6, "link 'a' as both parent and child")]
    // Duplicate names.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='a'/>|</robot>", 3, "duplicate link name 'a' (first defined on line 2)")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<link name='c'/>|<joint name='j' type='fixed'>|<parent link='a'/>|<child link='b'/>|</joint>|<joint name='j' type='fixed'>|<parent link='b'/>|<child link='c'/>|</joint>|</robot>", 9, "duplicate joint name 'j' (first defined on line 5)")]
    // Malformed numbers.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='fixed'>|<parent link='a'/>|<child link='b'/>|<origin xyz='0 0'/>|</joint>|</robot>", 7, "xyz has 2 values, expected 3")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='fixed'>|<parent link='a'/>|<child link='b'/>|<origin xyz='0 0 0' rpy='0 abc 0'/>|</joint>|</robot>", 7, "rpy value 'abc' is not a finite number")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='revolute'>|<parent link='a'/>|<child link='b'/>|<limit lower='-1' upper='1,5' velocity='1' effort='1'/>|</joint>|</robot>", 7, "upper value '1,5' is not a finite number")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='revolute'>|<parent link='a'/>|<child link='b'/>|<axis xyz='0 0 1 0'/>|<limit lower='-1' upper='1' velocity='1' effort='1'/>|</joint>|</robot>", 7, "xyz has 4 values, expected 3")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='revolute'>|<parent link='a'/>|<child link='b'/>|<limit lower='1' upper='-1' velocity='1' effort='1'/>|</joint>|</robot>", 7, "lower 1 is above upper -1")]
    // Zero axis.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='continuous'>|<parent link='a'/>|<child link='b'/>|<axis xyz='0 0 0'/>|</joint>|</robot>", 7, "<axis> xyz is zero")]
    // Missing limit.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='revolute'>|<parent link='a'/>|<child link='b'/>|</joint>|</robot>", 4, "revolute joint 'j' requires a <limit> element")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='revolute'>|<parent link='a'/>|<child link='b'/>|<limit lower='-1' upper='1' effort='1'/>|</joint>|</robot>", 7, "<limit> has no velocity attribute")]
    // Tree structure.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<link name='c'/>|<joint name='j1' type='fixed'>|<parent link='a'/>|<child link='c'/>|</joint>|<joint name='j2' type='fixed'>|<parent link='b'/>|<child link='c'/>|</joint>|</robot>", 11, "link 'c' has two parents: it is the child of joint 'j1' (line 5) and of joint 'j2'")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|</robot>", 3, "no single root link: links 'a' (line 2) and 'b' both have no parent joint")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j1' type='fixed'>|<parent link='a'/>|<child link='b'/>|</joint>|<joint name='j2' type='fixed'>|<parent link='b'/>|<child link='a'/>|</joint>|</robot>", 1, "no single root link: every link is the child of a joint")]
    [InlineData("<robot name='r'>|<link name='root'/>|<link name='a'/>|<link name='b'/>|<joint name='j1' type='fixed'>|<parent link='a'/>|<child link='b'/>|</joint>|<joint name='j2' type='fixed'>|<parent link='b'/>|<child link='a'/>|</joint>|</robot>", 3, "no single root link: link 'a' cannot be reached from root link 'root'")]
    [InlineData("<robot name='r'>|</robot>", 1, "robot has no <link> elements")]
    // Unsupported and unknown joint types.
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='floating'>|<parent link='a'/>|<child link='b'/>|</joint>|</robot>", 4, "joint 'j' has type 'floating', which is unsupported")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='planar'>|<parent link='a'/>|<child link='b'/>|</joint>|</robot>", 4, "joint 'j' has type 'planar', which is unsupported")]
    [InlineData("<robot name='r'>|<link name='a'/>|<link name='b'/>|<joint name='j' type='hinge'>|<parent link='a'/>|<child link='b'/>|</joint>|</robot>", 4, "joint 'j' has unknown type 'hinge'")]
    public void Malformed_ThrowsWithLineAndReason(string lines, int expectedLine, string expectedDetail)
    {
        string xml = lines.Replace('|', '\n');

        var e = Assert.Throws<UrdfFormatException>(() => UrdfParser.Parse(xml, Source));

        Assert.Equal(Source, e.SourceName);
        Assert.Equal(expectedLine, e.LineNumber);
        Assert.Contains(expectedDetail, e.Detail);
        Assert.StartsWith($"{Source}:{expectedLine}: ", e.Message);
    }

    [Fact]
    public void Parse_DefaultSourceName_AppearsInMessage()
    {
        var e = Assert.Throws<UrdfFormatException>(() => UrdfParser.Parse("<robot/>"));

        Assert.Equal("<string>", e.SourceName);
        Assert.StartsWith("<string>:1: ", e.Message);
    }

    [Fact]
    public void Load_ReportsThePathAsSource()
    {
        string path = Path.Combine(Path.GetTempPath(), $"robotedge-broken-{Environment.ProcessId}.urdf");
        File.WriteAllText(path, "<robot name='r'>\n<link name='a'/>\n<link name='b'/>\n</robot>\n");
        try
        {
            var e = Assert.Throws<UrdfFormatException>(() => UrdfParser.Load(path));
            Assert.Equal(path, e.SourceName);
            Assert.Equal(3, e.LineNumber);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
