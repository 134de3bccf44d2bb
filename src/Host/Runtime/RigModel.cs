using RobotEdge.Control.Controllers;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// What a robot is, read from its folder before any device opens: its URDF, kinematic chain, bus
/// layout, joint limits and camera intrinsics. A simulated and a real rig both start from it, the
/// first to build virtual devices, the second to open real ones.
/// </summary>
public sealed class RigModel
{
    private RigModel(RobotDescription description, KinematicChain chain, BusLayout buses, JointLimitSet limits, JointLimitSet deviceLimits, PinholeCamera camera)
    {
        Description = description;
        Chain = chain;
        Buses = buses;
        Limits = limits;
        DeviceLimits = deviceLimits;
        Camera = camera;
    }

    /// <summary>The robot's URDF.</summary>
    public RobotDescription Description { get; }

    /// <summary>Base → camera optical frame.</summary>
    public KinematicChain Chain { get; }

    /// <summary>The robot's buses, one group per bus, with every joint mapped.</summary>
    public BusLayout Buses { get; }

    /// <summary>Joint limits the controller enforces: the URDF's, scaled by <c>control.velocityLimitScale</c>, tightened by the bus groups.</summary>
    public JointLimitSet Limits { get; }

    /// <summary>Joint limits of the devices themselves (URDF unscaled, tightened by the bus groups).</summary>
    public JointLimitSet DeviceLimits { get; }

    /// <summary>Camera intrinsics.</summary>
    public PinholeCamera Camera { get; }

    /// <summary>Reads the robot's description. Opens no device.</summary>
    /// <exception cref="FileNotFoundException">The URDF is missing.</exception>
    /// <exception cref="InvalidDataException">The bus layout does not match the URDF's joints.</exception>
    public static RigModel Load(RobotConfig config)
    {
        RobotDescription description = UrdfParser.Load(config.Resolve(config.Urdf));
        var chain = KinematicChain.FromDescription(description, config.BaseLink, config.CameraLink);
        BusLayout buses = BusLayout.Resolve(config, chain.ActiveJoints, config.Resolve(RobotConfigLoader.FileName));
        JointLimitSet limits = JointLimitSet.FromChain(chain, config.Control.VelocityLimitScale);
        buses.TightenLimits(limits.LowerRad, limits.UpperRad, limits.MaxVelocityRadPerS, config.Control.VelocityLimitScale);
        JointLimitSet deviceLimits = JointLimitSet.FromChain(chain);
        buses.TightenLimits(deviceLimits.LowerRad, deviceLimits.UpperRad, deviceLimits.MaxVelocityRadPerS);
        return new RigModel(description, chain, buses, limits, deviceLimits, PinholeCamera.FromConfig(config.Camera));
    }
}
