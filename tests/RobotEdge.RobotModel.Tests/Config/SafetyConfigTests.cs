using RobotEdge.RobotModel.Config;

namespace RobotEdge.RobotModel.Tests.Config;

/// <summary>The <c>safety</c> section of robot.json: defaults, binding and refusals naming the field.</summary>
public sealed class SafetyConfigTests : IDisposable
{
    private const string Camera = """ "camera": { "width": 640, "height": 480, "fps": 30, "fx": 500, "fy": 500, "cx": 319.5, "cy": 239.5 } """;

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-safety").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteRobot(string safetySection)
    {
        string path = Path.Combine(_folder, "robot.json");
        File.WriteAllText(path, $$"""{ "name": "t", "urdf": "t.urdf", {{Camera}}{{(safetySection.Length > 0 ? ", \"safety\": " + safetySection : "")}} }""");
        return path;
    }

    [Fact]
    public void SectionIsOptionalWithSensibleDefaults()
    {
        RobotConfig config = RobotConfigLoader.Load(WriteRobot(""));
        Assert.Equal("auto", config.Safety.InitialMode);
        Assert.Equal(250, config.Safety.WatchdogTimeoutMs);
        Assert.Equal(25, config.Safety.FeedbackLossTicks);
        Assert.Equal(500, config.Safety.OperatorTimeoutMs);
        Assert.Equal(60, config.Safety.StopDecelerationRadPerS2);
    }

    [Fact]
    public void ValuesAreBound()
    {
        RobotConfig config = RobotConfigLoader.Load(WriteRobot("""{ "initialMode": "stopped", "watchdogTimeoutMs": 120, "feedbackLossTicks": 4, "emergencyStopDecelerationRadPerS2": 200 }"""));
        Assert.Equal("stopped", config.Safety.InitialMode);
        Assert.Equal(120, config.Safety.WatchdogTimeoutMs);
        Assert.Equal(4, config.Safety.FeedbackLossTicks);
        Assert.Equal(200, config.Safety.EmergencyStopDecelerationRadPerS2);
    }

    [Theory]
    [InlineData("""{ "initialMode": "turbo" }""", "safety.initialMode")]
    [InlineData("""{ "watchdogTimeoutMs": 0 }""", "safety.watchdogTimeoutMs")]
    [InlineData("""{ "feedbackLossTicks": 0 }""", "safety.feedbackLossTicks")]
    [InlineData("""{ "operatorTimeoutMs": -5 }""", "safety.operatorTimeoutMs")]
    [InlineData("""{ "stopDecelerationRadPerS2": 0 }""", "safety.stopDecelerationRadPerS2")]
    [InlineData("""{ "effortLimitScale": 1.5 }""", "safety.effortLimitScale")]
    [InlineData("""{ "watchdogTimeout": 100 }""", "WatchdogTimeout")]
    public void BadValuesAreRefusedNamingTheField(string section, string field)
    {
        string path = WriteRobot(section);
        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(path));
        Assert.Contains(field, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("robot.json", e.Message);
    }
}
