using System.Text.Json.Nodes;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.RobotModel.Tests.Config;

/// <summary>
/// robot.json refuses nonsense when it is loaded: each bad value is named by its path, with its line
/// and column in the file, and every problem of a file is reported at once.
/// </summary>
public sealed class RobotConfigValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-config-").FullName;

    private string File => Path.Combine(_folder, RobotConfigLoader.FileName);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The shipped pan-tilt robot.json (a complete, valid file) with one field set to a raw JSON value.</summary>
    private string WritePanTiltWith(string section, string field, string rawValue)
    {
        JsonObject robot = ShippedPanTilt();
        robot[section]![field] = JsonNode.Parse(rawValue);
        System.IO.File.WriteAllText(File, robot.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return File;
    }

    private static JsonObject ShippedPanTilt() =>
        JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt", "robot.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();

    /// <summary>The 1-based line and column where <paramref name="needle"/> starts in the file written.</summary>
    private (int Line, int Column) Where(string needle)
    {
        string[] lines = System.IO.File.ReadAllLines(File);
        for (int i = 0; i < lines.Length; i++)
        {
            int at = lines[i].IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (i + 1, at + 1);
            }
        }

        throw new InvalidOperationException($"{needle} is not in {File}");
    }

    [Theory]
    [InlineData("deadline", "endToEndMs", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("camera", "fps", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("camera", "fx", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("control", "kp", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("planner", "leadTimeMs", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("planner", "leadTimeMs", "\"Infinity\"", "must be a finite number, found the string \"Infinity\"")]
    [InlineData("camera", "fy", "1e400", "must be a finite number, found 1e400")]
    [InlineData("camera", "fps", "\"30\"", "must be a finite number, found the string \"30\"")]
    [InlineData("camera", "width", "100000", "must be within [16, 8192] pixels, got 100000")]
    [InlineData("camera", "height", "100000", "must be within [16, 8192] pixels, got 100000")]
    [InlineData("camera", "width", "640.5", "must be a whole number from -2147483648 to 2147483647, found 640.5")]
    [InlineData("camera", "width", "99999999999", "must be a whole number from -2147483648 to 2147483647, found 99999999999")]
    [InlineData("camera", "fx", "0", "must be within (0, 1000000], got 0")]
    [InlineData("camera", "cx", "700", "must be within [0, 640], got 700")]
    [InlineData("camera", "distortion", "[0.1, 0.2]", "needs 5 values (k1 k2 p1 p2 k3) or none, got 2")]
    [InlineData("camera", "fps", "0", "must be within (0, 1000], got 0")]
    [InlineData("control", "kp", "0", "must be above 0 and below control.rateHz (500), got 0")]
    [InlineData("control", "kp", "600", "must be above 0 and below control.rateHz (500), got 600")]
    [InlineData("control", "ki", "-1", "must be zero or more, got -1")]
    [InlineData("control", "rateHz", "4001", "must be within [50, 4000], got 4001")]
    [InlineData("control", "maxAccelerationRadPerS2", "0", "must be a positive number, got 0")]
    [InlineData("deadline", "endToEndMs", "-5", "must be within (0, 10000], got -5")]
    [InlineData("deadline", "inferenceMs", "0", "must be within (0, 10000], got 0")]
    [InlineData("planner", "leadTimeMs", "-1", "must be within [0, 1000], got -1")]
    [InlineData("planner", "filterGain", "1.5", "must be within (0, 1], got 1.5")]
    [InlineData("planner", "minKeypoints", "0", "must be within [1, 1000], got 0")]
    [InlineData("planner", "behaviour", "\"follow\"", "must be \"look-at\" or \"follow-person\", got \"follow\"")]
    [InlineData("target", "markerSpacingM", "0", "must be within (0, 100], got 0")]
    [InlineData("target", "defaultRangeM", "-1", "must be within (0, 1000], got -1")]
    [InlineData("model", "intraOpThreads", "0", "must be within [1, 256], got 0")]
    [InlineData("model", "providers", "[]", "names no execution provider (cpu, cuda, tensorrt)")]
    [InlineData("model", "providers", "\"cpu\"", "must be a list [ … ], found the string \"cpu\"")]
    [InlineData("model", "preprocessing", "\"fast\"", "'fast' is not managed, opencv or auto")]
    [InlineData("model", "generateIfMissing", "\"yes\"", "must be true or false, found the string \"yes\"")]
    [InlineData("safety", "watchdogTimeoutMs", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("sim", "actuatorTimeConstantMs", "0", "must be within (0, 10000], got 0")]
    [InlineData("camera", "source", "null", "must be a string, found null")]
    [InlineData("camera", "fxx", "500", "is not a known field (known here: source, width, height, fps, fx, fy, cx, cy, distortion)")]
    public void A_bad_value_is_refused_naming_its_field_line_and_column(string section, string field, string rawValue, string reason)
    {
        string file = WritePanTiltWith(section, field, rawValue);
        (int line, int column) = Where($"\"{field}\"");

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.Equal($"{file}: {section}.{field} (line {line}, column {column}): {reason}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_list_element_out_of_range_is_named_by_its_index()
    {
        WritePanTiltWith("model", "providers", """["cpu", "gpu"]""");
        (int line, int column) = Where("\"gpu\"");

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.Equal($"{File}: model.providers[1] (line {line}, column {column}): 'gpu' is not an execution provider (cpu, cuda, tensorrt)", e.Message);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        JsonObject robot = ShippedPanTilt();
        robot["camera"]!["fx"] = -1;
        robot["deadline"]!["endToEndMs"] = 0;
        robot["planner"]!["filterGain"] = 7;
        System.IO.File.WriteAllText(File, robot.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        string[] problems = e.Message[(File.Length + 2)..].Split("; ");
        Assert.Equal(3, problems.Length);
        Assert.StartsWith("camera.fx (line 1, column ", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("deadline.endToEndMs (line 1, column ", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("planner.filterGain (line 1, column ", problems[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_line_and_column()
    {
        System.IO.File.WriteAllText(File, "{\n  \"name\": \"t\",\n  \"urdf\": \"t.urdf\"\n  \"camera\": {}\n}\n");

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.StartsWith($"{File}: invalid JSON: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(line 4, column 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        System.IO.File.WriteAllText(File, System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt", "robot.json"))
            .Replace("\"fps\": 30,", "\"fps\": 30, \"FPS\": 60,", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.Matches(@"^.*robot\.json: camera\.FPS \(line \d+, column \d+\): is given twice$", e.Message);
    }

    [Fact]
    public void A_missing_camera_section_is_refused_because_its_intrinsics_would_be_a_guess()
    {
        JsonObject robot = ShippedPanTilt();
        robot.Remove("camera");
        System.IO.File.WriteAllText(File, robot.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.StartsWith($"{File}: camera: is missing: the camera's size, rate and intrinsics cannot be guessed", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("; ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fx")]
    [InlineData("cy")]
    [InlineData("width")]
    [InlineData("fps")]
    public void A_missing_camera_intrinsic_is_refused(string field)
    {
        JsonObject robot = ShippedPanTilt();
        robot["camera"]!.AsObject().Remove(field);
        System.IO.File.WriteAllText(File, robot.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.StartsWith($"{File}: camera.{field} (line 1, column ", e.Message, StringComparison.Ordinal);
        Assert.Contains("): is missing: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("; ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_file_binds_every_section()
    {
        JsonObject robot = ShippedPanTilt();
        robot["camera"]!["fx"] = 612.5;
        robot["deadline"]!["endToEndMs"] = 40;
        robot["planner"]!["leadTimeMs"] = 0;
        System.IO.File.WriteAllText(File, robot.ToJsonString());

        RobotConfig config = RobotConfigLoader.Load(_folder);

        Assert.Equal((612.5, 40.0, 0.0), (config.Camera.Fx, config.Deadline.EndToEndMs, config.Planner.LeadTimeMs));
        Assert.Equal(_folder, config.Directory);
    }

    [Fact]
    public void The_folder_a_configuration_is_loaded_from_cannot_be_set_in_the_file()
    {
        JsonObject robot = ShippedPanTilt();
        robot["directory"] = "/etc";
        System.IO.File.WriteAllText(File, robot.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));

        Assert.StartsWith($"{File}: directory (line 1, column ", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not a known field", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["cuda"]""", new[] { "cuda" })]
    [InlineData("""["tensorrt", "cuda", "cpu"]""", new[] { "tensorrt", "cuda", "cpu" })]
    public void Lists_given_replace_their_defaults_in_the_order_written(string providers, string[] expected)
    {
        WritePanTiltWith("model", "providers", providers);

        Assert.Equal(expected, RobotConfigLoader.Load(_folder).Model.Providers);
    }

    [Fact]
    public void A_list_left_out_keeps_its_default()
    {
        JsonObject robot = ShippedPanTilt();
        robot["model"]!.AsObject().Remove("providers");
        System.IO.File.WriteAllText(File, robot.ToJsonString());

        Assert.Equal(["cpu"], RobotConfigLoader.Load(_folder).Model.Providers);
    }
}
