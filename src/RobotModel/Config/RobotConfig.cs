namespace RobotEdge.RobotModel.Config;

/// <summary>
/// One robot's configuration, bound from <c>robots/&lt;name&gt;/robot.json</c> through
/// Microsoft.Extensions.Configuration. Paths are relative to the robot's folder.
/// </summary>
public sealed class RobotConfig
{
    /// <summary>Robot name.</summary>
    public string Name { get; set; } = "";

    /// <summary>URDF file describing the robot.</summary>
    public string Urdf { get; set; } = "";

    /// <summary>Root link of the kinematic chain (the robot's base frame).</summary>
    public string BaseLink { get; set; } = "base_link";

    /// <summary>The camera's optical frame link (REP 103 optical: +Z forward, +X right, +Y down).</summary>
    public string CameraLink { get; set; } = "camera_optical_frame";

    /// <summary>Camera settings and intrinsics.</summary>
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

    /// <summary>Folder the configuration was loaded from; relative paths resolve against it.</summary>
    public string Directory { get; set; } = ".";

    /// <summary>Resolves a path from this configuration against <see cref="Directory"/>.</summary>
    public string Resolve(string relativePath) => Path.GetFullPath(Path.Combine(Directory, relativePath));
}
