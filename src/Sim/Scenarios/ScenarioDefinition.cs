using System.Text.Json;
using RobotEdge.Bus.Configuration;

namespace RobotEdge.Sim.Scenarios;

/// <summary>
/// A simulator scenario, read from JSON: what moves in front of the robot (the marker plate, people,
/// or both) along scripted paths, and the robot's starting joint positions. Everything in it is
/// deterministic.
/// </summary>
public sealed class ScenarioDefinition
{
    /// <summary>Scenario name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The marker plate, or null when the scenario has only people.</summary>
    public TargetDefinition? Target { get; set; }

    /// <summary>People: photos on billboards walking scripted paths (see <see cref="PersonDefinition"/>).</summary>
    public PersonDefinition[] People { get; set; } = [];

    /// <summary>
    /// Index into <see cref="People"/> of the person the robot is meant to follow: the simulator's
    /// pointing error is measured to that person's torso.
    /// </summary>
    public int FollowPerson { get; set; }

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

    /// <summary>Checks every field: something to track, paths with finite positions and times that increase, a plate whose markers fit on it, people in photos.</summary>
    public void Validate(ConfigProblems problems)
    {
        problems.Require(Target is not null || People.Length > 0, "target",
            "is missing: a scenario moves a target or people; without either there is nothing to track");
        if (Target is not null)
        {
            ValidateTarget(Target, problems);
        }

        for (int i = 0; i < People.Length; i++)
        {
            People[i].Validate(problems, $"people[{i}]");
        }

        if (People.Length > 0)
        {
            problems.Within(FollowPerson, 0, People.Length - 1, "followPerson");
        }

        problems.Finite(InitialJointsRad, "initialJointsRad");
    }

    private static void ValidateTarget(TargetDefinition target, ConfigProblems problems)
    {
        problems.Above(target.MarkerSpacingM, 0, 10, "target.markerSpacingM");

        // Measured against the spacing only when the spacing is itself valid, so one mistake reads as one problem.
        double largestRadiusM = target.MarkerSpacingM is > 0 and <= 10 ? target.MarkerSpacingM / 2 : double.MaxValue;
        problems.Require(target.MarkerRadiusM > 0 && target.MarkerRadiusM < largestRadiusM, "target.markerRadiusM",
            $"must be above 0 and below half of target.markerSpacingM (markers would overlap), got {ConfigProblems.Show(target.MarkerRadiusM)}");
        problems.Require(target.Waypoints.Length > 0, "target.waypoints", "is empty: the target needs at least one waypoint");
        ValidateWaypoints(target.Waypoints, problems, "target.waypoints");
    }

    /// <summary>Checks a path: three finite coordinates per waypoint, times from 0 that increase.</summary>
    internal static void ValidateWaypoints(WaypointDefinition[] waypoints, ConfigProblems problems, string path)
    {
        for (int i = 0; i < waypoints.Length; i++)
        {
            WaypointDefinition w = waypoints[i];
            string at = $"{path}[{i}]";
            problems.Require(w.Position.Length == 3, $"{at}.position", $"needs 3 values (x, y, z in metres), got {w.Position.Length}");
            problems.Finite(w.Position, $"{at}.position");
            problems.Within(w.TimeS, 0, 1e6, $"{at}.timeS");
            if (i > 0)
            {
                problems.Require(w.TimeS > waypoints[i - 1].TimeS, $"{at}.timeS",
                    $"must be later than {path}[{i - 1}].timeS ({ConfigProblems.Show(waypoints[i - 1].TimeS)}), got {ConfigProblems.Show(w.TimeS)}");
            }
        }
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
