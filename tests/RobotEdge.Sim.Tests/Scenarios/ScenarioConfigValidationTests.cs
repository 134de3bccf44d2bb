using System.Text.Json.Nodes;
using RobotEdge.Sim.Scenarios;

namespace RobotEdge.Sim.Tests.Scenarios;

/// <summary>Scenario files refuse nonsense when loaded: each bad value named by its path, line and column.</summary>
public sealed class ScenarioConfigValidationTests : IDisposable
{
    private const string ValidScenario = """
        {
          "name": "still",
          "target": {
            "markerSpacingM": 0.16,
            "markerRadiusM": 0.02,
            "loop": true,
            "waypoints": [
              { "timeS": 0, "position": [ 1.5, 0.0, 0.3 ] },
              { "timeS": 2, "position": [ 1.4, 0.5, 0.35 ] }
            ]
          },
          "initialJointsRad": [ 0.25, -0.1 ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-scenario-").FullName;

    private string Path => System.IO.Path.Combine(_folder, "scenario.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(Action<JsonObject> edit)
    {
        JsonObject scenario = JsonNode.Parse(ValidScenario)!.AsObject();
        edit(scenario);
        File.WriteAllText(Path, scenario.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private (int Line, int Column) Where(string needle, int occurrence = 0)
    {
        string[] lines = File.ReadAllLines(Path);
        for (int i = 0; i < lines.Length; i++)
        {
            int at = lines[i].IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0 && occurrence-- == 0)
            {
                return (i + 1, at + 1);
            }
        }

        throw new InvalidOperationException(needle);
    }

    [Fact]
    public void A_valid_scenario_loads()
    {
        Write(_ => { });

        ScenarioDefinition scenario = ScenarioDefinition.Load(Path);

        Assert.Equal([0.0, 2.0], scenario.Target!.Waypoints.Select(w => w.TimeS));
        Assert.Equal([0.25, -0.1], scenario.InitialJointsRad);
    }

    [Theory]
    [InlineData("markerSpacingM", "0", "target.markerSpacingM", "must be within (0, 10], got 0")]
    [InlineData("markerSpacingM", "\"NaN\"", "target.markerSpacingM", "must be a finite number, found the string \"NaN\"")]
    [InlineData("markerRadiusM", "0.1", "target.markerRadiusM", "must be above 0 and below half of target.markerSpacingM (markers would overlap), got 0.1")]
    [InlineData("loop", "1", "target.loop", "must be true or false, found the number 1")]
    [InlineData("waypoints", "[]", "target.waypoints", "is empty: the target needs at least one waypoint")]
    public void A_bad_target_value_is_refused_naming_its_field_line_and_column(string field, string raw, string path, string reason)
    {
        Write(s => s["target"]![field] = JsonNode.Parse(raw));
        (int line, int column) = Where($"\"{field}\"");

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(Path));

        Assert.Equal($"{Path}: {path} (line {line}, column {column}): {reason}", e.Message);
    }

    [Fact]
    public void A_waypoint_going_back_in_time_is_refused_by_its_index()
    {
        Write(s => s["target"]!["waypoints"]![1]!["timeS"] = -1);
        (int line, int column) = Where("\"timeS\"", occurrence: 1);

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(Path));

        Assert.Equal($"{Path}: target.waypoints[1].timeS (line {line}, column {column}): must be within [0, 1000000], got -1; "
            + $"target.waypoints[1].timeS (line {line}, column {column}): must be later than target.waypoints[0].timeS (0), got -1", e.Message);
    }

    [Fact]
    public void A_position_needs_three_finite_values()
    {
        Write(s => s["target"]!["waypoints"]![0]!["position"] = JsonNode.Parse("[1.5, 0.0]"));

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(Path));

        Assert.Contains("target.waypoints[0].position (line ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("needs 3 values (x, y, z in metres), got 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_refused()
    {
        Write(s => s["initialJoints"] = JsonNode.Parse("[0, 0]"));

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(Path));

        Assert.Contains("initialJoints (line ", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not a known field (known here: name, target, people, followPerson, initialJointsRad)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_with_neither_a_target_nor_people_is_refused()
    {
        Write(s => s.Remove("target"));

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(Path));

        Assert.Contains("target: is missing: a scenario moves a target or people; without either there is nothing to track", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_line_and_column()
    {
        File.WriteAllText(Path, "{\n  \"name\": \"x\",\n  \"target\": { \"waypoints\": [ { \"timeS\": 0, } ] \n}");

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(Path));

        Assert.StartsWith($"{Path}: invalid JSON: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("(line 4, column", e.Message, StringComparison.Ordinal);
    }
}
