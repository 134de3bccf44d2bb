using System.Text.Json.Serialization;
using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// One robot's configuration, bound from <c>robots/&lt;name&gt;/robot.json</c> through
/// Microsoft.Extensions.Configuration. Paths are relative to the robot's folder.
/// </summary>
public sealed class RobotConfig
{
    /// <summary>Robot name.</summary>
    [RequiredField("every robot has a name")]
    public string Name { get; set; } = "";

    /// <summary>URDF file describing the robot.</summary>
    [RequiredField("the robot's joints and limits come from its URDF")]
    public string Urdf { get; set; } = "";

    /// <summary>Root link of the kinematic chain (the robot's base frame).</summary>
    public string BaseLink { get; set; } = "base_link";

    /// <summary>The camera's optical frame link (REP 103 optical: +Z forward, +X right, +Y down).</summary>
    public string CameraLink { get; set; } = "camera_optical_frame";

    /// <summary>Camera settings and intrinsics.</summary>
    [RequiredField("the camera's size, rate and intrinsics cannot be guessed (a default focal length of 500 px would aim the robot wrong on any other lens)")]
    public CameraConfig Camera { get; set; } = new();

    /// <summary>Pose model and inference settings.</summary>
    public ModelConfig Model { get; set; } = new();

    /// <summary>
    /// Actuator bus driving every joint: a <see cref="BusUri"/> such as <c>sim</c> or
    /// <c>dynamixel:/dev/ttyUSB0@1000000</c> (ids 1…n in joint order, default offsets). Leave at
    /// <c>sim</c> when <see cref="Buses"/> is used.
    /// </summary>
    public string Bus { get; set; } = "sim";

    /// <summary>
    /// Actuator buses per joint group, with device ids, offsets, directions and optional tighter
    /// limits; resolved by <see cref="BusLayout.Resolve"/>. Empty: <see cref="Bus"/> drives every joint.
    /// </summary>
    public List<BusGroupConfig> Buses { get; set; } = [];

    /// <summary>Control loop settings.</summary>
    public ControlConfig Control { get; set; } = new();

    /// <summary>Safety layer: watchdog, stops, initial mode.</summary>
    public SafetyConfig Safety { get; set; } = new();

    /// <summary>Deadline and per-stage budgets.</summary>
    public DeadlineConfig Deadline { get; set; } = new();

    /// <summary>Planner behaviour.</summary>
    public PlannerConfig Planner { get; set; } = new();

    /// <summary>Known geometry of the tracked target.</summary>
    public TargetConfig Target { get; set; } = new();

    /// <summary>Optional tracking and 3D pose after decoding.</summary>
    public TrackingConfig Tracking { get; set; } = new();

    /// <summary>Simulator settings (used when <see cref="Bus"/> is <c>sim</c> or the camera is simulated).</summary>
    public SimConfig Sim { get; set; } = new();

    /// <summary>Folder the configuration was loaded from; relative paths resolve against it. Set by the loader, never read from the file.</summary>
    [JsonIgnore]
    public string Directory { get; set; } = ".";

    /// <summary>Resolves a path from this configuration against <see cref="Directory"/>.</summary>
    public string Resolve(string relativePath) => Path.GetFullPath(Path.Combine(Directory, relativePath));

    /// <summary>
    /// Checks every section's values (ranges, finiteness, names); the file's shape (unknown fields,
    /// kinds of value, required fields) is checked by the loader before binding.
    /// </summary>
    public void Validate(ConfigProblems problems)
    {
        problems.NotEmpty(Name, "name");
        problems.NotEmpty(Urdf, "urdf");
        problems.NotEmpty(BaseLink, "baseLink");
        problems.NotEmpty(CameraLink, "cameraLink");
        Camera.Validate(problems, "camera");
        Model.Validate(problems, "model");
        Control.Validate(problems, "control");
        Safety.Validate(problems, "safety");
        Deadline.Validate(problems, "deadline");
        Planner.Validate(problems, "planner");
        Target.Validate(problems, "target");
        Tracking.Validate(problems, "tracking");
        Sim.Validate(problems, "sim");
    }
}
