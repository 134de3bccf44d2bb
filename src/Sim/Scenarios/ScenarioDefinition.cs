using System.Text.Json;

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

    /// <summary>Loads and validates a scenario file; errors name the file and the field.</summary>
    public static ScenarioDefinition Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"scenario file not found: {path}", path);
        }

        ScenarioDefinition? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<ScenarioDefinition>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"scenario {path}: {e.Message}", e);
        }

        if (scenario is null)
        {
            throw new InvalidDataException($"scenario {path} is empty");
        }

        scenario.Validate(path);
        return scenario;
    }

    private void Validate(string path)
    {
        void Fail(string message) => throw new InvalidDataException($"scenario {path}: {message}");

        if (Target.Waypoints.Length == 0) Fail("target.waypoints is empty");
        if (Target.MarkerSpacingM <= 0 || Target.MarkerRadiusM <= 0) Fail("target marker spacing and radius must be positive");
        for (int i = 0; i < Target.Waypoints.Length; i++)
        {
            WaypointDefinition w = Target.Waypoints[i];
            if (w.Position.Length != 3) Fail($"target.waypoints[{i}].position needs 3 values (x, y, z in metres)");
            if (i > 0 && w.TimeS <= Target.Waypoints[i - 1].TimeS) Fail($"target.waypoints[{i}].timeS must increase");
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
    public WaypointDefinition[] Waypoints { get; set; } = [];

    /// <summary>Start again from the first waypoint after the last one.</summary>
    public bool Loop { get; set; } = true;
}

/// <summary>One point of the target's path.</summary>
public sealed class WaypointDefinition
{
    /// <summary>Time, seconds from the start.</summary>
    public double TimeS { get; set; }

    /// <summary>Position of the target centre in the base frame, metres [x, y, z].</summary>
    public double[] Position { get; set; } = [];
}
