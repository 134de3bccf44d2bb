using RobotEdge.Bus.Configuration;

namespace RobotEdge.Sim.Scenarios;

/// <summary>
/// A person in a scenario: a rectangle cut from a real photo, shown as a flat billboard standing
/// upright and facing the robot's base, its centre moving through waypoints (base frame, metres).
/// The photo is scaled so that the rectangle's height is <see cref="HeightM"/>.
/// </summary>
public sealed class PersonDefinition
{
    /// <summary>The <see cref="Background"/> rule that keeps every pixel of the rectangle.</summary>
    public const string KeepBackground = "keep";

    /// <summary>
    /// The <see cref="Background"/> rule that drops the background: pixels connected to the
    /// rectangle's border whose colour is within <see cref="BackgroundTolerance"/> of the border's
    /// median colour (see <c>PersonPhoto.DropBorderColour</c>).
    /// </summary>
    public const string DropBorderColour = "drop-border-colour";

    /// <summary>
    /// The photo: a path relative to the scenario file's folder, an absolute path, or the name of
    /// a file in <c>/usr/share/doc/opencv-doc/examples/data</c> (Debian's opencv-doc).
    /// </summary>
    [RequiredField("a person is cut from a photo")]
    public string Photo { get; set; } = "";

    /// <summary>The rectangle around the person in the photo, pixels: [x, y, width, height].</summary>
    [RequiredField("the person's rectangle in the photo cannot be guessed")]
    public int[] Crop { get; set; } = [];

    /// <summary>Height of the rectangle in the world, metres (the person's scale).</summary>
    public double HeightM { get; set; } = 2.0;

    /// <summary>What happens to the photo's background: <c>keep</c> or <c>drop-border-colour</c>.</summary>
    public string Background { get; set; } = KeepBackground;

    /// <summary>Largest colour distance (0..441, Euclidean over B, G, R) from the border's median colour that counts as background.</summary>
    public double BackgroundTolerance { get; set; } = 40;

    /// <summary>Path of the billboard's centre in the base frame.</summary>
    [RequiredField("the person's path cannot be guessed")]
    public WaypointDefinition[] Waypoints { get; set; } = [];

    /// <summary>Start again from the first waypoint after the last one.</summary>
    public bool Loop { get; set; }

    /// <summary>Times when the person is out of the scene (left the room): not drawn, still moving along the path.</summary>
    public AbsenceDefinition[] Absent { get; set; } = [];

    /// <summary>Whether the person is in the scene at <paramref name="timeS"/> (outside every absence window). Allocation-free.</summary>
    public bool PresentAt(double timeS)
    {
        foreach (AbsenceDefinition a in Absent)
        {
            if (timeS >= a.FromS && timeS < a.ToS)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>people[i]</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.NotEmpty(Photo, $"{path}.photo");
        problems.Require(Crop.Length == 4 && Crop[0] >= 0 && Crop[1] >= 0 && Crop[2] >= 8 && Crop[3] >= 8, $"{path}.crop",
            $"needs 4 values [x, y, width, height] in pixels, x and y at least 0, width and height at least 8, got [{string.Join(", ", Crop)}]");
        problems.Above(HeightM, 0, 10, $"{path}.heightM");
        problems.Require(Background is KeepBackground or DropBorderColour, $"{path}.background",
            $"must be \"{KeepBackground}\" or \"{DropBorderColour}\", got \"{Background}\"");
        problems.Within(BackgroundTolerance, 0, 442, $"{path}.backgroundTolerance");
        problems.Require(Waypoints.Length > 0, $"{path}.waypoints", "is empty: the person needs at least one waypoint");
        ScenarioDefinition.ValidateWaypoints(Waypoints, problems, $"{path}.waypoints");
        for (int i = 0; i < Absent.Length; i++)
        {
            problems.Within(Absent[i].FromS, 0, 1e6, $"{path}.absent[{i}].fromS");
            problems.Require(Absent[i].ToS > Absent[i].FromS && double.IsFinite(Absent[i].ToS), $"{path}.absent[{i}].toS",
                $"must be later than {path}.absent[{i}].fromS ({ConfigProblems.Show(Absent[i].FromS)}), got {ConfigProblems.Show(Absent[i].ToS)}");
        }
    }
}

/// <summary>A time window when a person is out of the scene, seconds from the start: [fromS, toS).</summary>
public sealed class AbsenceDefinition
{
    /// <summary>When the person leaves, seconds.</summary>
    [RequiredField("an absence starts at a time")]
    public double FromS { get; set; }

    /// <summary>When the person is back, seconds (later than <see cref="FromS"/>).</summary>
    [RequiredField("an absence ends at a time")]
    public double ToS { get; set; }
}
