using System.Text.Json.Nodes;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The real <c>robotedge sim</c> process given a robot folder whose robot.json is nonsense: it exits
/// non-zero with one line naming the file and the field, no stack trace, and runs nothing (no report
/// is written, no summary printed: the rig is never built, so nothing is energised).
/// </summary>
public sealed class ConfigValidationCliTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-cli-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The default robot's folder copied, with <paramref name="edit"/> applied to its robot.json text.</summary>
    private string BadRobot(Func<string, string> edit)
    {
        string robot = Directory.CreateDirectory(Path.Combine(_folder, "robot")).FullName;
        foreach (string file in Directory.GetFiles(TestRigs.DefaultRobotPath))
        {
            File.Copy(file, Path.Combine(robot, Path.GetFileName(file)));
        }

        string scenarios = Directory.CreateDirectory(Path.Combine(robot, "scenarios")).FullName;
        File.Copy(Path.Combine(TestRigs.DefaultRobotPath, "scenarios", "sweep.json"), Path.Combine(scenarios, "sweep.json"));
        string json = Path.Combine(robot, "robot.json");
        File.WriteAllText(json, edit(File.ReadAllText(json)));
        return robot;
    }

    private static string Set(string json, string section, string field, string raw)
    {
        JsonObject robot = JsonNode.Parse(json)!.AsObject();
        robot[section]![field] = JsonNode.Parse(raw);
        return robot.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "deadline.endToEndMs NaN", "deadline.endToEndMs (line " },
        { "camera 100000 x 100000", "camera.width (line " },
        { "control.kp NaN", "control.kp (line " },
        { "no camera section", "camera: is missing" },
        { "invalid JSON", "invalid JSON: " },
    };

    private static string Edit(string name, string json) => name switch
    {
        "deadline.endToEndMs NaN" => Set(json, "deadline", "endToEndMs", "\"NaN\""),
        "camera 100000 x 100000" => Set(Set(json, "camera", "width", "100000"), "camera", "height", "100000"),
        "control.kp NaN" => Set(json, "control", "kp", "\"NaN\""),
        "no camera section" => RemoveCamera(json),
        "invalid JSON" => json.Replace("\"fps\": 30,", "\"fps\": 30", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string RemoveCamera(string json)
    {
        JsonObject robot = JsonNode.Parse(json)!.AsObject();
        robot.Remove("camera");
        return robot.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sim_refuses_the_robot_with_one_line_naming_the_field_and_runs_nothing(string name, string expected)
    {
        string robot = BadRobot(json => Edit(name, json));
        string report = Path.Combine(_folder, "report.json");

        using var process = new RobotEdgeProcess(_folder, new Dictionary<string, string>(),
            "sim", "--robot", robot, "--frames", "30", "--quiet", "--report", report);

        Assert.True(process.WaitForExit(ExitTimeout), $"robotedge sim did not exit within {ExitTimeout.TotalSeconds} s: {process.Output}");
        string[] lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEqual(0, process.ExitCode);
        string line = Assert.Single(lines);
        Assert.Contains($"{Path.Combine(robot, "robot.json")}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at RobotEdge.", process.Output, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(report), "a report was written: the run started");
    }
}
