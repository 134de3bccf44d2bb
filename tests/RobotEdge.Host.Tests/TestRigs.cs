using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Tests;

/// <summary>Builds the default robot's rig from the copy of robots/ in the test output.</summary>
internal static class TestRigs
{
    public static string DefaultRobotPath => Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt");

    public static RobotConfig DefaultConfig() => RobotConfigLoader.Load(DefaultRobotPath);

    public static SimulatedRobotRig Build(bool realTime, Action<RobotConfig>? configure = null, EdgeClientOptions? edge = null)
    {
        RobotConfig config = DefaultConfig();
        configure?.Invoke(config);
        return SimulatedRobotRig.Build(config, realTime, NullLoggerFactory.Instance, edge);
    }
}
