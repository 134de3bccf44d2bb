using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Frames;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.Teleop.Telemetry;

namespace RobotEdge.Teleop.Operation;

/// <summary>
/// What the console needs from the robot it serves, handed over by the composition root (the
/// <c>robotedge</c> host). The console is the only reader of <see cref="ControlLoop.Snapshots"/>,
/// the only writer of <see cref="ControlLoop.ManualGoals"/> and the only viewer of <see cref="Tap"/>.
/// </summary>
public sealed class ConsoleRobot
{
    /// <summary>Robot name, shown on the page.</summary>
    public required string Name { get; init; }

    /// <summary>The control loop (snapshots in, operator goals out).</summary>
    public required ControlLoop Control { get; init; }

    /// <summary>The safety layer (mode, e-stop, reset, operator watch).</summary>
    public SafetySupervisor Safety => Control.Safety;

    /// <summary>
    /// The actuators, read only for <see cref="IActuatorBus.JointFaultText"/> (the devices' own words
    /// for a joint's fault, shown in the joint table); may be null.
    /// </summary>
    public IActuatorBus? Actuators { get; init; }

    /// <summary>Safety events for the page; may be null.</summary>
    public SafetyEventLog? SafetyLog { get; init; }

    /// <summary>Frame copies with their estimates, from the compute stage.</summary>
    public required FrameTap Tap { get; init; }

    /// <summary>Base → camera (end effector) chain, for Cartesian jog.</summary>
    public required KinematicChain Chain { get; init; }

    /// <summary>Joint limits (jogs are clamped into them before the safety layer sees them).</summary>
    public required JointLimitSet Limits { get; init; }

    /// <summary>Camera intrinsics (overlay size).</summary>
    public required PinholeCamera Camera { get; init; }

    /// <summary>Distance along the optical axis of the point a Cartesian jog moves, metres.</summary>
    public double LookRangeM { get; init; } = 1.5;

    /// <summary>Latency samples for the charts.</summary>
    public required ConsoleTelemetry Telemetry { get; init; }
}
