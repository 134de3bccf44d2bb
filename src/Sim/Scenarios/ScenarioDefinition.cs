using System.Text.Json;
using RobotEdge.Bus.Configuration;

namespace RobotEdge.Sim.Scenarios;

/// <summary>
/// A simulator scenario, read from JSON: the target's scripted path and appearance, and the robot's
/// starting joint positions. Everything in it is deterministic.
/// </summary>
public sealed class ScenarioDefinition
{
    /// <summary>Scenario name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The tracked target.</summary>
    [RequiredField("a scenario moves a target; without one there is nothing to track")]
    public TargetDefinition Target { get; set; } = new();

    /// <summary>Joint positions at t = 0, radians, in the robot's joint order (missing ones are 0).</summary>
    public double[] InitialJointsRad { get; set; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Scenario files are ours: a misspelt field would silently keep its default, so an unknown field is an error.</summary>
    private static readonly JsonShapeOptions Shape = new(JsonNamingPolicy.CamelCase, IgnoreCase: false, UnknownFieldsAreErrors: true);

    /// <summary>
    /// Loads and validates a scenario file. Throws <see cref="FileNotFoundException"/> when it is
    /// missing, <see cref="InvalidDataException"/> naming the file and each field at fault (with its line
    /// and column) when it is refused.
    /// </summary>
    public static ScenarioDefinition Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"scenario file not found: {path}", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        using JsonDocument document = JsonLocations.Parse(path, bytes, out JsonLocations locations);
        var problems = new ConfigProblems(path, locations);
        JsonShape.Check(document.RootElement, typeof(ScenarioDefinition), problems, Shape);
        problems.ThrowIfAny();

        ScenarioDefinition scenario;
        try
        {
            scenario = document.RootElement.Deserialize<ScenarioDefinition>(JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw ConfigProblems.Refusal(path, [JsonLocations.SyntaxProblem(e)], e);
        }

        scenario.Validate(problems);
        problems.ThrowIfAny();
        return scenario;
    }

    /// <summary>Checks every field: a path to follow, finite positions and times that increase, a plate whose markers fit on it.</summary>
    public void Validate(ConfigProblems problems)
    {
        problems.Above(Target.MarkerSpacingM, 0, 10, "target.markerSpacingM");

        // Measured against the spacing only when the spacing is itself valid, so one mistake reads as one problem.
        double largestRadiusM = Target.MarkerSpacingM is > 0 and <= 10 ? Target.MarkerSpacingM / 2 : double.MaxValue;
        problems.Require(Target.MarkerRadiusM > 0 && Target.MarkerRadiusM < largestRadiusM, "target.markerRadiusM",
            $"must be above 0 and below half of target.markerSpacingM (markers would overlap), got {ConfigProblems.Show(Target.MarkerRadiusM)}");
        problems.Require(Target.Waypoints.Length > 0, "target.waypoints", "is empty: the target needs at least one waypoint");
        for (int i = 0; i < Target.Waypoints.Length; i++)
        {
            WaypointDefinition w = Target.Waypoints[i];
            string at = $"target.waypoints[{i}]";
            problems.Require(w.Position.Length == 3, $"{at}.position", $"needs 3 values (x, y, z in metres), got {w.Position.Length}");
            problems.Finite(w.Position, $"{at}.position");
            problems.Within(w.TimeS, 0, 1e6, $"{at}.timeS");
            if (i > 0)
            {
                problems.Require(w.TimeS > Target.Waypoints[i - 1].TimeS, $"{at}.timeS",
                    $"must be later than target.waypoints[{i - 1}].timeS ({ConfigProblems.Show(Target.Waypoints[i - 1].TimeS)}), got {ConfigProblems.Show(w.TimeS)}");
            }
        }

        problems.Finite(InitialJointsRad, "initialJointsRad");
    }
}

/// <summary>The target: a plate carrying four coloured markers, moving through waypoints.</summary>
public sealed class TargetDefinition
{
    /// <summary>Side of the square formed by the marker centres, metres.</summary>
    public double MarkerSpacingM { get; set; } = 0.16;

    /// <summary>Marker sphere radius, metres.</summary>
    public double MarkerRadiusM { get; set; } = 0.02;

    /// <summary>Path of the plate's centre in the robot's base frame.</summary>
    [RequiredField("the target's path cannot be guessed")]
    public WaypointDefinition[] Waypoints { get; set; } = [];

    /// <summary>Start again from the first waypoint after the last one.</summary>
    public bool Loop { get; set; } = true;
}

/// <summary>One point of the target's path.</summary>
public sealed class WaypointDefinition
{
    /// <summary>Time, seconds from the start, at least 0, later than the waypoint before.</summary>
    [RequiredField("each waypoint needs its time")]
    public double TimeS { get; set; }

    /// <summary>Position of the target centre in the base frame, metres [x, y, z].</summary>
    [RequiredField("each waypoint needs its position")]
    public double[] Position { get; set; } = [];
}
